using Backend.EndToEndTests.Readme;

namespace Backend.EndToEndTests.Web;

/// <summary>
/// docs/rest.md keeps itself honest the way the README does: every curl command of its tour
/// runs, with the real curl, against a real host on its real HTTP/1.1 port and must print
/// what the tour shows under it.
/// </summary>
public sealed class RestTourTests
{
    private const string Tour = "docs/rest.md";

    [Fact]
    public async Task RestTour_EveryCurlCommand_PrintsWhatTheTourShows()
    {
        var (environment, commands) = ReadmeScript.Parse(await File.ReadAllTextAsync(Path.Combine(HostProcess.RepositoryRoot, Tour)), tool: "curl", document: Tour);
        Assert.Contains(commands, c => c.Text.Contains(":watch", StringComparison.Ordinal) && c.Background);
        Assert.Contains(commands, c => c.Text.Contains(":refund", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Text.Contains("/openapi/v1.json", StringComparison.Ordinal));

        var httpAddress = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}");
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>(environment) { ["Http__Urls"] = httpAddress.ToString() });
        var replay = new CurlReplay(Tour, httpAddress);
        foreach (var command in commands)
        {
            await replay.RunAsync(command);
        }

        await replay.FinishBackgroundAsync();
    }

    [Fact]
    public async Task Replay_TourShowingWrongAnswer_Fails()
    {
        const string Document = """
            ```sh
            curl -s --json '{"email": "nobody@example.com", "password": "not a password"}' localhost:5080/v1/users:authenticate -w '\n%{http_code}\n'
            # {"code": 16}
            # 200
            ```
            """;
        var (_, commands) = ReadmeScript.Parse(Document, tool: "curl");
        var httpAddress = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}");
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["Http__Urls"] = httpAddress.ToString() });
        var replay = new CurlReplay("example.md", httpAddress);

        var error = await Assert.ThrowsAsync<ReadmeMismatchException>(() => replay.RunAsync(Assert.Single(commands)));

        Assert.Contains("example.md:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 200, got 401", error.Message, StringComparison.Ordinal);
    }
}
