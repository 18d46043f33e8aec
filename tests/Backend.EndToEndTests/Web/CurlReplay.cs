using System.Diagnostics;
using System.Text.Json.Nodes;
using Backend.EndToEndTests.Readme;

namespace Backend.EndToEndTests.Web;

/// <summary>
/// Runs each curl command of the REST tour with the real curl against a real host, the
/// documented address (<c>localhost:5080</c>) swapped for the host's, and fails with the line
/// of the tour when curl prints something other than what the tour shows under the command.
/// </summary>
internal sealed class CurlReplay(string document, Uri httpAddress)
{
    private const string DocumentedAddress = "localhost:5080";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<(ReadmeCommand Command, Task<string> Output)> _background = [];

    public async Task RunAsync(ReadmeCommand command)
    {
        var output = RunCurlAsync(command);
        if (command.Background)
        {
            _background.Add((command, output));
            return;
        }

        var printed = await output;
        if (command.Variable is not null)
        {
            var answer = JsonExpectation.ParseAll(printed);
            Check(answer.Count == 1, command, $"printed {printed}");
            _variables[command.Variable] = JsonExpectation.Select(answer[0], command.JqPath!);
            return;
        }

        Verify(command, printed);
    }

    /// <summary>Waits for the commands started with <c>&amp;</c> to end and checks what they printed.</summary>
    public async Task FinishBackgroundAsync()
    {
        foreach (var (command, output) in _background)
        {
            var finished = await Task.WhenAny(output, Task.Delay(Timeout));
            Check(finished == output, command, $"still running after {Timeout.TotalSeconds} s");
            Verify(command, await output);
        }

        _background.Clear();
    }

    private async Task<string> RunCurlAsync(ReadmeCommand command)
    {
        var words = ShellWords.Split(command.Text, _variables);
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            start.ArgumentList.Add(word.Replace(DocumentedAddress, httpAddress.Authority, StringComparison.Ordinal));
        }

        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
        await curl.StandardInput.WriteAsync(ShellWords.Expand(command.StandardInput ?? "", _variables));
        curl.StandardInput.Close();
        var output = curl.StandardOutput.ReadToEndAsync();
        var errors = curl.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await curl.WaitForExitAsync(timeout.Token);
        Check(curl.ExitCode == 0, command, $"curl exited with {curl.ExitCode}: {await errors}");
        return await output;
    }

    private void Verify(ReadmeCommand command, string printed)
    {
        var shown = string.Join('\n', command.Expected.Select(l => ShellWords.Expand(l, _variables)));
        var expected = string.IsNullOrWhiteSpace(shown) ? [] : JsonExpectation.ParseAll(shown);
        IReadOnlyList<JsonNode> actual;
        try
        {
            actual = string.IsNullOrWhiteSpace(printed) ? [] : JsonExpectation.ParseAll(printed);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new ReadmeMismatchException($"{document}:{command.Line}: {command.Text}\nprinted what is not JSON ({error.Message}):\n{printed}");
        }

        Check(expected.Count == actual.Count, command, $"printed {actual.Count} values where {expected.Count} are shown:\n{printed}");
        for (var i = 0; i < expected.Count; i++)
        {
            var difference = JsonExpectation.Mismatch(expected[i], actual[i]);
            Check(difference is null, command, $"{difference}\nprinted:\n{printed}");
        }
    }

    private void Check(bool condition, ReadmeCommand command, string problem)
    {
        if (!condition)
        {
            throw new ReadmeMismatchException($"{document}:{command.Line}: {command.Text}\n{problem}");
        }
    }
}
