namespace Backend.Client.Tests;

/// <summary>
/// A C# snippet of clients/README.md: a ```csharp block, or ```csharp aspnetcore for one that
/// belongs to an ASP.NET Core service.
/// </summary>
internal sealed record ReadmeSnippet(int Line, string Code, bool AspNetCore)
{
    public static IReadOnlyList<ReadmeSnippet> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var snippets = new List<ReadmeSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (!fence.StartsWith("```csharp", StringComparison.Ordinal))
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.True(end > i, $"The snippet at line {i + 1} of {path} is not closed.");
            snippets.Add(new ReadmeSnippet(i + 2, string.Join('\n', lines[(i + 1)..end]), fence.EndsWith(" aspnetcore", StringComparison.Ordinal)));
            i = end;
        }

        return snippets;
    }

    public override string ToString() => $"clients/README.md:{Line}";
}
