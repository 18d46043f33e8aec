using System.Text.RegularExpressions;

namespace Backend.IntegrationTests.Docs;

/// <summary>
/// docs/configuration.md lists every setting: a property added to an options class, or a key
/// read by name, without a row there fails here, as does a row whose default is not the code's.
/// </summary>
public sealed partial class ConfigurationDocTests
{
    private const string Page = "docs/configuration.md";

    private static readonly IReadOnlyList<System.Type> Bound = OptionsKeys.BoundTypes(OptionsKeys.HostAssemblies);

    [Fact]
    public void ConfigurationDoc_EveryOptionsProperty_HasARow()
    {
        Assert.Contains(Bound, t => t.Name == "AuthOptions");
        Assert.Contains(Bound, t => t.Name == "OutboxOptions");

        var undocumented = new ConfigurationDoc(RepositoryFiles.Read(Page)).Undocumented(Bound);

        Assert.True(undocumented.Count == 0, $"{Page} has no row for: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void ConfigurationDoc_DefaultShownAsAValue_IsTheOptionsDefault()
    {
        var wrong = new ConfigurationDoc(RepositoryFiles.Read(Page)).WrongDefaults(Bound);

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void ConfigurationDoc_RowUnderAnOptionsSection_NamesABoundProperty()
    {
        var stale = new ConfigurationDoc(RepositoryFiles.Read(Page)).Stale(Bound);

        Assert.True(stale.Count == 0, $"{Page} has rows no options class binds: {string.Join(", ", stale)}");
    }

    [Fact]
    public void ConfigurationDoc_EveryKeyReadByName_HasARow()
    {
        var doc = new ConfigurationDoc(RepositoryFiles.Read(Page));
        var read = KeysReadByName().ToArray();
        Assert.Contains("Host:Services", read);

        var undocumented = read.Where(k => !doc.Documents(k)).ToArray();

        Assert.True(undocumented.Length == 0, $"{Page} has no row for: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void OptionsClasses_EachNamedOptions_IsBoundFromASection()
    {
        var reachable = Bound.SelectMany(OptionsKeys.Reachable).ToHashSet();
        var named = OptionsKeys.HostAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false));

        var unbound = named.Where(t => !reachable.Contains(t)).Select(t => t.FullName).ToArray();

        Assert.True(unbound.Length == 0, $"options classes without a Section constant, so this page's test cannot see them: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void Undocumented_OptionsPropertyWithoutARow_IsNamed()
    {
        const string Markdown = """
            | key | default | meaning |
            | --- | --- | --- |
            | `Sample:Limit` | `3` | documented |
            | `Sample:Inner:Depth` | `2` | documented |
            """;

        var undocumented = new ConfigurationDoc(Markdown).Undocumented([typeof(SampleOptions)]);

        Assert.Equal(["Sample:Forgotten", "Sample:Entries:<name>:Depth"], undocumented);
    }

    [Fact]
    public void WrongDefaults_RowShowingAnotherDefault_IsNamed()
    {
        const string Markdown = """
            | `Sample:Limit` | `4` | documented with the wrong default |
            | `Sample:Forgotten` | none | a default in words is not compared |
            """;

        var wrong = new ConfigurationDoc(Markdown).WrongDefaults([typeof(SampleOptions)]);

        Assert.Equal(["Sample:Limit: the page shows `4`, SampleOptions defaults to 3"], wrong);
    }

    /// <summary>Keys the host's code reads by a literal name rather than through an options class.</summary>
    private static IEnumerable<string> KeysReadByName()
    {
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var source in sources)
        {
            foreach (Match read in ReadByNamePattern().Matches(File.ReadAllText(source)))
            {
                var key = read.Groups["key"].Value;
                yield return read.Groups["call"].Value == "GetConnectionString" ? $"ConnectionStrings:{key}" : key;
            }
        }
    }

    [GeneratedRegex("""(?:(?<call>GetValue|GetSection|GetConnectionString)(?:<[^>()]+>)?\(|[cC]onfiguration\[)\s*"(?<key>[A-Za-z_][A-Za-z0-9_:]*)"\s*[,)\]]""")]
    private static partial Regex ReadByNamePattern();

    private sealed class SampleOptions
    {
        public const string Section = "Sample";

        public int Limit { get; set; } = 3;

        public TimeSpan Forgotten { get; set; } = TimeSpan.FromSeconds(1);

        public SampleInner Inner { get; set; } = new();

        public Dictionary<string, SampleInner> Entries { get; set; } = [];
    }

    private sealed class SampleInner
    {
        public int Depth { get; set; } = 2;
    }
}
