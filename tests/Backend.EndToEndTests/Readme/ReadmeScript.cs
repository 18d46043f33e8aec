using System.Text.RegularExpressions;

namespace Backend.EndToEndTests.Readme;

/// <summary>
/// Reads the shell blocks of a documentation page: the environment the run command starts the
/// host with, and every command of one tool with the output the page shows for it. README.md and
/// the grpcurl tour (docs/api-tour.md) are read for grpcurl, the REST tour (docs/rest.md) for curl.
/// </summary>
internal static partial class ReadmeScript
{
    public static (IReadOnlyDictionary<string, string> HostEnvironment, IReadOnlyList<ReadmeCommand> Commands) Parse(string markdown, string tool = "grpcurl", string document = "README.md")
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var commands = new List<ReadmeCommand>();
        var inShell = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inShell && line.Trim() is "```sh" or "```bash" or "```shell";
                continue;
            }

            if (!inShell)
            {
                continue;
            }

            var start = i;
            var text = line.TrimEnd();
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1] + " " + lines[++i].Trim();
            }

            var run = RunCommandPattern().Match(text);
            if (run.Success)
            {
                foreach (Capture assignment in run.Groups["env"].Captures)
                {
                    var parts = assignment.Value.Trim().Split('=', 2);
                    environment[parts[0]] = ShellWords.Split(parts[1], environment).SingleOrDefault() ?? "";
                }

                continue;
            }

            var capture = CapturePattern().Match(text);
            var command = capture.Success ? capture.Groups["command"].Value : text;
            if (!command.StartsWith(tool + " ", StringComparison.Ordinal))
            {
                continue;
            }

            var background = command.EndsWith('&');
            command = command.TrimEnd('&', ' ');

            string? input = null;
            var heredoc = HeredocPattern().Match(command);
            if (heredoc.Success)
            {
                command = command[..heredoc.Index].TrimEnd();
                var body = new List<string>();
                while (++i < lines.Length && lines[i].Trim() != heredoc.Groups["tag"].Value)
                {
                    body.Add(lines[i]);
                }

                input = string.Join("\n", body);
            }

            var expected = new List<string>();
            while (i + 1 < lines.Length && lines[i + 1].StartsWith('#'))
            {
                expected.Add(lines[++i].Length > 1 ? lines[i][2..] : "");
            }

            commands.Add(new ReadmeCommand(
                document,
                start + 1,
                command,
                capture.Success ? capture.Groups["name"].Value : null,
                capture.Success ? capture.Groups["path"].Value.Trim('\'', '"') : null,
                input,
                expected,
                background));
        }

        return (environment, commands);
    }

    [GeneratedRegex(@"^(?<env>\s*[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|""[^""]*""|[^\s'""])+\s+)*dotnet run --project src/Backend.Host\b")]
    private static partial Regex RunCommandPattern();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=\$\((?<command>(?:grpcurl|curl) .*?)\s*\|\s*jq -r (?<path>\S+)\)$")]
    private static partial Regex CapturePattern();

    [GeneratedRegex(@"<<-?'?(?<tag>[A-Z]+)'?\s*$")]
    private static partial Regex HeredocPattern();
}
