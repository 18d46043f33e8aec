using System.Text.RegularExpressions;

namespace Backend.IntegrationTests.Docs;

/// <summary>
/// The tables of docs/configuration.md: each row names one or more keys in backticks in its first
/// cell and shows the default in its second. A default shown as one backticked value alone is
/// compared with the options class's; one in words ("none", "one per core") is not.
/// </summary>
internal sealed partial class ConfigurationDoc
{
    private readonly Dictionary<string, string> _defaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _keys = [];

    public ConfigurationDoc(string markdown)
    {
        foreach (var line in markdown.Split('\n'))
        {
            var cells = line.Trim().Split('|');
            if (cells.Length < 4 || cells[0].Length != 0)
            {
                continue;
            }

            var literal = LiteralPattern().Match(cells[2].Trim());
            foreach (Match key in KeyPattern().Matches(cells[1]))
            {
                _defaults[Normalize(key.Groups["key"].Value)] = literal.Success ? literal.Groups["value"].Value : "";
                _keys.Add(key.Groups["key"].Value);
            }
        }
    }

    /// <summary>Every key the page names in a first cell.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public bool Documents(string key) => _defaults.ContainsKey(Normalize(key));

    /// <summary>The keys of the given options classes that have no row.</summary>
    public IReadOnlyList<string> Undocumented(IEnumerable<System.Type> optionsTypes) =>
        optionsTypes.SelectMany(OptionsKeys.Of).Select(k => k.Key).Where(k => !Documents(k)).ToArray();

    /// <summary>The rows whose shown default is not the options class's, as "key: shown, default".</summary>
    public IReadOnlyList<string> WrongDefaults(IEnumerable<System.Type> optionsTypes) =>
        optionsTypes.SelectMany(OptionsKeys.Of)
            .Where(k => _defaults.TryGetValue(Normalize(k.Key), out var shown) && shown.Length > 0 && shown != k.Default)
            .Select(k => $"{k.Key}: the page shows `{_defaults[Normalize(k.Key)]}`, {k.Owner.Name} defaults to {k.Default ?? "nothing"}")
            .ToArray();

    /// <summary>
    /// Keys under an options class's section that no options class binds: a renamed or removed
    /// setting whose row stayed behind.
    /// </summary>
    public IReadOnlyList<string> Stale(IEnumerable<System.Type> optionsTypes)
    {
        var types = optionsTypes.ToArray();
        var known = types.SelectMany(OptionsKeys.Of).Select(k => Normalize(k.Key)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = types.Select(t => OptionsKeys.SectionOf(t)!).ToArray();
        return Keys
            .Where(key => sections.Any(s => key.Equals(s, StringComparison.OrdinalIgnoreCase) || key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
            .Where(key => !known.Contains(Normalize(key)))
            .ToArray();
    }

    // A dictionary entry's name is written <id>, <name> or the like: any such segment matches any other.
    private static string Normalize(string key) => EntryPattern().Replace(key, "<>");

    [GeneratedRegex(@"`(?<key>[A-Za-z_][A-Za-z0-9_]*(?::(?:[A-Za-z0-9_]+|<[a-z]+>))*)`")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^`(?<value>[^`]*)`$")]
    private static partial Regex LiteralPattern();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex EntryPattern();
}
