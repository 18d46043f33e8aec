using System.Text;
using System.Text.RegularExpressions;

namespace Backend.EndToEndTests.Readme;

/// <summary>
/// Splits one line of POSIX shell into words the way sh would for the commands the README
/// uses: single quotes are literal, double quotes and bare words expand <c>$NAME</c> and
/// <c>${NAME}</c>, a backslash escapes the next character.
/// </summary>
internal static partial class ShellWords
{
    public static IReadOnlyList<string> Split(string line, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"Unterminated single quote in: {line}");
                    }

                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    var end = i + 1;
                    var quoted = new StringBuilder();
                    while (end < line.Length && line[end] != '"')
                    {
                        if (line[end] == '\\' && end + 1 < line.Length && line[end + 1] is '"' or '\\' or '$')
                        {
                            end++;
                        }

                        quoted.Append(line[end]);
                        end++;
                    }

                    if (end >= line.Length)
                    {
                        throw new FormatException($"Unterminated double quote in: {line}");
                    }

                    word.Append(Expand(quoted.ToString(), variables));
                    i = end;
                    inWord = true;
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '$':
                    var match = VariablePattern().Match(line, i);
                    if (match.Success && match.Index == i)
                    {
                        word.Append(Expand(match.Value, variables));
                        i += match.Length - 1;
                    }
                    else
                    {
                        word.Append(c);
                    }

                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Replaces <c>$NAME</c> and <c>${NAME}</c>; an unset variable is empty, as in sh.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        VariablePattern().Replace(text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            return variables.TryGetValue(name, out var value) ? value : "";
        });

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<bare>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();
}
