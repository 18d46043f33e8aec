using System.Text.RegularExpressions;

namespace Backend.IntegrationTests.Docs;

/// <summary>
/// The README is the way into the documentation: it links every page under docs/, and no link of
/// the README or of a page points at a file that is not there.
/// </summary>
public sealed partial class DocLinksTests
{
    [Fact]
    public void Readme_EveryDocsPage_IsLinked()
    {
        var linked = LocalLinks("README.md").Select(l => l.Target).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md").Select(Path.GetFullPath).ToArray();
        Assert.NotEmpty(pages);

        var unlinked = pages.Where(p => !linked.Contains(p)).Select(p => Path.GetRelativePath(RepositoryFiles.Root, p)).ToArray();

        Assert.True(unlinked.Length == 0, $"README.md links none of: {string.Join(", ", unlinked)}");
    }

    [Fact]
    public void ReadmeAndDocs_EveryRelativeLink_PointsAtAFileOrFolder()
    {
        var documents = new[] { "README.md" }.Concat(
            Directory.EnumerateFiles(RepositoryFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RepositoryFiles.Root, p)));

        var broken = documents.SelectMany(LocalLinks)
            .Where(l => !File.Exists(l.Target) && !Directory.Exists(l.Target))
            .Select(l => $"{l.Document}: {l.Written}")
            .ToArray();

        Assert.True(broken.Length == 0, $"links to nothing: {string.Join(", ", broken)}");
    }

    /// <summary>The document's links to files of the repository, resolved to full paths (anchors dropped).</summary>
    private static IEnumerable<(string Document, string Written, string Target)> LocalLinks(string document)
    {
        var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(document))!;
        foreach (Match link in LinkPattern().Matches(RepositoryFiles.Read(document)))
        {
            var written = link.Groups["target"].Value;
            if (written.Contains("://", StringComparison.Ordinal) || written.StartsWith('#') || written.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var path = written.Split('#')[0];
            yield return (document, written, Path.GetFullPath(Path.Combine(folder, path)).TrimEnd(Path.DirectorySeparatorChar));
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
