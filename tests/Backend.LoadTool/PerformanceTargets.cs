namespace Backend.LoadTool;

/// <summary>
/// The platform's performance targets (docs/performance.md), read from a run's results. The bare
/// reference host serves health and a GetOrder from memory, so its closed-loop health rate stands
/// beside each throughput (the most any unary call gets from the framework on that machine) and
/// its health p99 at half its own peak beside GetOrder's; it has no streams to compare with.
/// </summary>
internal static class PerformanceTargets
{
    private const string BareUnary = "health, closed loop";

    public static IReadOnlyList<TargetFigure> From(IReadOnlyList<ScenarioResult> results)
    {
        ScenarioResult? Find(string scenario) => results.LastOrDefault(r => r.Scenario == scenario);
        var health = Find("health");
        var bareHealth = Find("reference-health")?.PerSecond;
        var fanout = Find("watch-fanout");
        return
        [
            new("create-order, durable", "/s", Find("create-order")?.PerSecond, 2000, false, bareHealth, BareUnary),
            new("create-payment, end to end", "/s", Find("create-payment")?.PerSecond, 500, false, bareHealth, BareUnary),
            new("get-order, at least half of health", "/s", Find("get-order")?.PerSecond, health?.PerSecond / 2, false, bareHealth, BareUnary),
            new("get-order p99 at half its peak", "ms", Find("get-order-half")?.P99Ms, 5, true,
                Find("reference-health-half")?.P99Ms, "health at half its own peak"),
            new("watch-fanout p99, 10,000 streams", "ms", fanout?.P99Ms, 250, true, null, "no streaming counterpart"),
            new("watch-fanout memory per idle stream", "KiB", Extra(fanout, "server_kib_per_idle_stream"), 32, true, null,
                "no streaming counterpart"),
        ];
    }

    /// <summary>
    /// Results written by earlier runs: the platform's files, and optionally a file of the bare
    /// host's alone (measured by <c>run-benchmark.sh --reference</c>), whose scenarios are then
    /// named <c>reference-...</c> as in a run that measures both.
    /// </summary>
    public static async Task<IReadOnlyList<ScenarioResult>> ReadAsync(IEnumerable<string> paths, string? referencePath, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        foreach (var path in paths)
        {
            results.AddRange(await ReadFileAsync(path, cancellationToken));
        }

        if (referencePath is not null)
        {
            results.AddRange((await ReadFileAsync(referencePath, cancellationToken)).Select(r => r with { Scenario = "reference-" + r.Scenario }));
        }

        return results;
    }

    private static async Task<IReadOnlyList<ScenarioResult>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await System.Text.Json.JsonSerializer.DeserializeAsync<List<ScenarioResult>>(file, cancellationToken: cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no results");
    }

    private static double? Extra(ScenarioResult? result, string name) =>
        result is not null && result.Extra.TryGetValue(name, out var value) ? value : null;
}
