using Backend.Testing;
using Backend.EndToEndTests.Readme;

namespace Backend.EndToEndTests;

/// <summary>
/// grpcurl cannot be installed where the tests run, so the documentation keeps itself honest this
/// way: every grpcurl command of README.md and of the grpcurl tour (docs/api-tour.md) is replayed
/// against a real host on a real port and must answer what the page shows under it.
/// </summary>
public sealed class ReadmeCommandsTests
{
    private const string ReadmePage = "README.md";
    private const string ApiTourPage = "docs/api-tour.md";

    [Fact]
    public async Task Readme_EveryGrpcurlCommand_AnswersWhatTheReadmeShows()
    {
        var commands = await ReplayAsync(ReadmePage);

        Assert.Contains(commands, c => c.Text.Contains("authorization: Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiTour_EveryGrpcurlCommand_AnswersWhatTheTourShows()
    {
        var commands = await ReplayAsync(ApiTourPage);

        Assert.Contains(commands, c => c.Text.Contains(" list", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Text.Contains(" describe ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Text.EndsWith("/WatchOrder", StringComparison.Ordinal) && c.Background);
        Assert.Contains(commands, c => c.Text.EndsWith("/RefundPayment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_ReadmeShowingWrongAnswer_Fails()
    {
        const string Readme = """
            ```sh
            grpcurl -plaintext -d '{"service": ""}' localhost:5000 grpc.health.v1.Health/Check
            # {
            #   "status": "NOT_SERVING"
            # }
            ```
            """;
        var (_, commands) = ReadmeScript.Parse(Readme);
        await using var host = await HostProcess.StartAsync();
        var replay = new GrpcurlReplay(host.Channel.CreateCallInvoker());

        var error = await Assert.ThrowsAsync<ReadmeMismatchException>(() => replay.RunAsync(Assert.Single(commands)));

        Assert.Contains("NOT_SERVING", error.Message, StringComparison.Ordinal);
        Assert.Contains("README.md:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_FieldMaskAsCanonicalString_IsRefusedAsGrpcurlDoes()
    {
        const string Readme = """
            ```sh
            grpcurl -plaintext -d '{"user": {"id": "u", "display_name": "Ada"}, "update_mask": "displayName"}' localhost:5000 backend.users.v1.UserService/UpdateUser
            # {}
            ```
            """;
        var (_, commands) = ReadmeScript.Parse(Readme);
        var replay = new GrpcurlReplay(Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:1").CreateCallInvoker());

        var error = await Assert.ThrowsAsync<ReadmeMismatchException>(() => replay.RunAsync(Assert.Single(commands)));

        Assert.Contains("grpcurl refuses", error.Message, StringComparison.Ordinal);
        Assert.Contains("update_mask", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseRequest_FieldMaskAsPathsObject_SendsThePathsAsWritten()
    {
        var method = Contract.FindMethod("backend.users.v1.UserService/UpdateUser")!;

        var request = GrpcurlJson.ParseRequest(method, """{"user": {"id": "u"}, "update_mask": {"paths": ["display_name", "email"]}}""");

        var mask = (Google.Protobuf.WellKnownTypes.FieldMask)method.InputType.FindFieldByName("update_mask").Accessor.GetValue(request);
        Assert.Equal(["display_name", "email"], mask.Paths);
    }

    [Fact]
    public void Parse_CaptureHeredocAndRunLine_ReadsEveryPart()
    {
        const string Readme = """
            ```sh
            Bootstrap__AdminEmail=admin@example.com Bootstrap__AdminPassword='a b' dotnet run --project src/Backend.Host
            ```

            ```sh
            TOKEN=$(grpcurl -plaintext -d '{}' localhost:5000 backend.users.v1.UserService/Authenticate | jq -r .accessToken)
            grpcurl -plaintext -H "authorization: Bearer $TOKEN" -d @ localhost:5000 \
              backend.orders.v1.OrderService/WatchOrder <<EOF &
            {"order_id": "$ORDER_ID"}
            EOF
            # {"event": {"revision": "1"}}
            ```
            """;

        var (environment, commands) = ReadmeScript.Parse(Readme);

        Assert.Equal("admin@example.com", environment["Bootstrap__AdminEmail"]);
        Assert.Equal("a b", environment["Bootstrap__AdminPassword"]);
        Assert.Equal(2, commands.Count);
        Assert.Equal(("TOKEN", ".accessToken"), (commands[0].Variable, commands[0].JqPath));
        Assert.True(commands[1].Background);
        Assert.Equal("{\"order_id\": \"$ORDER_ID\"}", commands[1].StandardInput);
        Assert.Equal(["{\"event\": {\"revision\": \"1\"}}"], commands[1].Expected);
        var words = ShellWords.Split(commands[1].Text, new Dictionary<string, string> { ["TOKEN"] = "t0k" });
        Assert.Equal("authorization: Bearer t0k", words[3]);
        Assert.Equal("backend.orders.v1.OrderService/WatchOrder", words[^1]);
    }

    /// <summary>Starts a host as the page says and runs the page's commands in order; returns them.</summary>
    private static async Task<IReadOnlyList<ReadmeCommand>> ReplayAsync(string document)
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(HostProcess.RepositoryRoot, document));
        var (environment, commands) = ReadmeScript.Parse(markdown, document: document);
        Assert.NotEmpty(commands);

        await using var host = await HostProcess.StartAsync(environment);
        var replay = new GrpcurlReplay(host.Channel.CreateCallInvoker());
        foreach (var command in commands)
        {
            await replay.RunAsync(command);
        }

        await replay.FinishBackgroundAsync();
        return commands;
    }
}
