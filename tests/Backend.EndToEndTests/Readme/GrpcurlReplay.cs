using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backend.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Backend.EndToEndTests.Readme;

/// <summary>
/// Does what grpcurl would do for each README command, against a real host over a real port,
/// and fails with the README line when the answer is not what the README shows.
/// </summary>
internal sealed partial class GrpcurlReplay(CallInvoker invoker)
{
    private static readonly TimeSpan BackgroundTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<(ReadmeCommand Command, Task<Outcome> Outcome)> _background = [];
    private readonly ReflectionProbe _reflection = new(invoker);

    public async Task RunAsync(ReadmeCommand command)
    {
        var grpcurl = GrpcurlCommand.Parse(ShellWords.Split(command.Text, _variables));
        switch (grpcurl.Verb)
        {
            case "list":
                await ListAsync(command, grpcurl);
                break;
            case "describe":
                await DescribeAsync(command, grpcurl.Symbol!);
                break;
            default:
                await CallAsync(command, grpcurl);
                break;
        }
    }

    /// <summary>Waits for the commands started with <c>&amp;</c> and checks what they printed.</summary>
    public async Task FinishBackgroundAsync()
    {
        foreach (var (command, outcome) in _background)
        {
            var finished = await Task.WhenAny(outcome, Task.Delay(BackgroundTimeout));
            Check(finished == outcome, command, $"still running after {BackgroundTimeout.TotalSeconds} s");
            Verify(command, await outcome);
        }

        _background.Clear();
    }

    private async Task ListAsync(ReadmeCommand command, GrpcurlCommand grpcurl)
    {
        Check(grpcurl.Symbol is null, command, "listing the methods of a service is not replayed");
        var services = await _reflection.ListServicesAsync();
        var expected = command.Expected.Where(l => l.Length > 0).ToList();
        Check(expected.SequenceEqual(services), command, $"the server lists {string.Join(", ", services)}");
    }

    private async Task DescribeAsync(ReadmeCommand command, string symbol)
    {
        var method = Contract.FindMethod(symbol);
        var comment = method is null
            ? await _reflection.CommentOfAsync(symbol)
            : await _reflection.CommentOfAsync(method.Service.FullName, method.Name);
        Check(comment is not null, command, $"reflection gives no comment for {symbol}");

        var shownComment = string.Join(' ', command.Expected.Where(l => l.StartsWith("//", StringComparison.Ordinal)).Select(l => l[2..].Trim()));
        Check(Normalize(comment!).Contains(Normalize(shownComment), StringComparison.Ordinal), command,
            $"the comment served is: {comment}");

        if (method is not null && command.Expected.FirstOrDefault(l => l.StartsWith("rpc ", StringComparison.Ordinal)) is { } signature)
        {
            var stream = method.IsServerStreaming ? "stream " : "";
            var actual = $"rpc {method.Name} ( .{method.InputType.FullName} ) returns ( {stream}.{method.OutputType.FullName} );";
            Check(signature == actual, command, $"the method is {actual}");
        }
    }

    private async Task CallAsync(ReadmeCommand command, GrpcurlCommand grpcurl)
    {
        var method = Contract.FindMethod(grpcurl.Symbol!);
        Check(method is not null, command, $"{grpcurl.Symbol} is not a method of the contract");
        var json = grpcurl.Data == "@" ? ShellWords.Expand(command.StandardInput ?? "", _variables) : grpcurl.Data ?? "{}";
        IMessage request;
        try
        {
            request = GrpcurlJson.ParseRequest(method!, json);
        }
        catch (GrpcurlRefusalException refusal)
        {
            throw new ReadmeMismatchException($"{command}\n  grpcurl refuses this request: {refusal.Message}");
        }

        var headers = new Metadata();
        foreach (var (name, value) in grpcurl.Headers)
        {
            headers.Add(name, value);
        }

        var outcome = InvokeAsync(method!, request, headers);
        if (command.Background)
        {
            _background.Add((command, outcome));
            return;
        }

        var result = await outcome;
        if (command.Variable is not null)
        {
            Check(result.Status is null && result.Messages.Count == 1, command, $"answered {result}");
            _variables[command.Variable] = JsonExpectation.Select(result.Messages[0], command.JqPath!);
            return;
        }

        Verify(command, result);
    }

    private async Task<Outcome> InvokeAsync(MethodDescriptor method, IMessage request, Metadata headers)
    {
        var messages = new List<JsonNode>();
        try
        {
            if (method.IsServerStreaming)
            {
                await foreach (var message in DynamicCall.ServerStreamingAsync(invoker, method, request, headers))
                {
                    messages.Add(JsonNode.Parse(DynamicCall.ToJson(message))!);
                }
            }
            else
            {
                messages.Add(JsonNode.Parse(DynamicCall.ToJson(await DynamicCall.UnaryAsync(invoker, method, request, headers)))!);
            }

            return new Outcome(messages, null);
        }
        catch (RpcException error)
        {
            return new Outcome(messages, error.Status);
        }
    }

    private void Verify(ReadmeCommand command, Outcome outcome)
    {
        // Shown values may name the shell variables of earlier commands, e.g. "$PAYMENT_ID".
        command = command with { Expected = command.Expected.Select(l => ShellWords.Expand(l, _variables)).ToList() };
        var errorAt = command.Expected.ToList().FindIndex(l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        var shownJson = string.Join('\n', errorAt < 0 ? command.Expected : command.Expected.Take(errorAt));
        var shownMessages = string.IsNullOrWhiteSpace(shownJson) ? [] : JsonExpectation.ParseAll(shownJson);

        if (errorAt < 0)
        {
            Check(outcome.Status is null, command, $"failed with {outcome.Status}");
        }
        else
        {
            var code = command.Expected.Skip(errorAt).Select(l => CodePattern().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            Check(code is not null, command, "the README shows ERROR: without a Code: line");
            Check(outcome.Status?.StatusCode.ToString() == code, command, $"answered {outcome}");
        }

        Check(shownMessages.Count == outcome.Messages.Count, command,
            $"the README shows {shownMessages.Count} messages, the server sent {outcome.Messages.Count}: {outcome}");
        for (var i = 0; i < shownMessages.Count; i++)
        {
            var difference = JsonExpectation.Mismatch(shownMessages[i], outcome.Messages[i]);
            Check(difference is null, command, $"message {i + 1}: {difference}");
        }
    }

    private static string Normalize(string text) => WhiteSpace().Replace(text, " ").Trim();

    private static void Check(bool condition, ReadmeCommand command, string problem)
    {
        if (!condition)
        {
            throw new ReadmeMismatchException($"{command}\n  {problem}");
        }
    }

    [GeneratedRegex(@"^\s*Code:\s*(\w+)")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    private sealed record Outcome(IReadOnlyList<JsonNode> Messages, Status? Status)
    {
        public override string ToString() =>
            string.Join(" ", Messages.Select(m => m.ToJsonString())) + (Status is { } s ? $" then {s.StatusCode}: {s.Detail}" : " then OK");
    }
}

/// <summary>A README command did not do what the README shows.</summary>
internal sealed class ReadmeMismatchException(string message) : Exception(message);
