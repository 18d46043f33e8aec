namespace Backend.LoadTool;

/// <summary>
/// The platform's performance targets (docs/performance.md), read from a run's results. The bare
/// reference host serves health and a GetOrder from memory, so its closed-loop health rate stands
/// beside each throughput (the most any unary call gets from the framework on that machine) and
/// its GetOrder p99 at the same fixed rate beside the platform's, and its in-memory WatchOrder
/// (<c>reference-watch-fanout</c>, <c>reference-watch-idle</c>) beside the watch targets.
/// A growth run's first GetOrder and ListOrders (on a fresh database) are read as
/// <c>get-order-fresh</c> and <c>list-orders-fresh</c>, so that they stand apart from the
/// request suite's.
/// </summary>
internal static class PerformanceTargets
{
    private const string BareUnary = "health, closed loop";
    private const string BareWatch = "its in-memory WatchOrder, same options";

    public static IReadOnlyList<TargetFigure> From(IReadOnlyList<ScenarioResult> results)
    {
        ScenarioResult? Find(string scenario) => results.LastOrDefault(r => r.Scenario == scenario);
        double? Ratio(string grown, string fresh) => Find(grown)?.PerSecond / Find(fresh)?.PerSecond;
        var bareHealth = Find("reference-health")?.PerSecond;
        var bareRateP99 = Find("reference-get-order-rate")?.P99Ms;
        var fanout = results.LastOrDefault(r => r.Scenario == "watch-fanout" && Extra(r, "orders") == 1);
        var idle = Find("watch-idle");
        var bareFanout = results.LastOrDefault(r => r.Scenario == "reference-watch-fanout" && Extra(r, "orders") == 1);
        var bareIdle = Find("reference-watch-idle");
        return
        [
            new("create-order, durable", "/s", Find("create-order")?.PerSecond, 5000, false, bareHealth, BareUnary),
            new("create-payment, end to end", "/s", Find("create-payment")?.PerSecond, 2000, false, bareHealth, BareUnary),
            new("get-order, at least half the bare host's health", "/s", Find("get-order")?.PerSecond, bareHealth / 2, false, bareHealth, BareUnary),
            new("get-order p99 at 5,000/s, at most twice the bare host's", "ms", Find("get-order-rate")?.P99Ms, bareRateP99 * 2, true,
                bareRateP99, "its GetOrder at the same rate"),
            new("watch-fanout p99, 10,000 streams on one order", "ms", fanout?.P99Ms, 250, true, bareFanout?.P99Ms, BareWatch),
            new("watch-idle memory per idle stream, 100,000 streams", "KiB", Extra(idle, "server_kib_per_idle_stream"), 16, true,
                Extra(bareIdle, "server_kib_per_idle_stream"), BareWatch),
            new("watch-idle change p99 with 100,000 streams open", "ms", idle?.P99Ms, 100, true, bareIdle?.P99Ms, BareWatch),
            new("get-order after 200,000 more orders, share of fresh", "x", Ratio("get-order-grown", "get-order-fresh"), 0.8, false, null, "not measured"),
            new("list-orders after 200,000 more orders, share of fresh", "x", Ratio("list-orders-grown", "list-orders-fresh"), 0.8, false, null, "not measured"),
        ];
    }

    /// <summary>One run's results, with a growth run's fresh reads renamed (see the class comment).</summary>
    public static List<ScenarioResult> Normalised(IReadOnlyList<ScenarioResult> results)
    {
        var grown = results.Any(r => r.Scenario == "seed-orders");
        return results.Select(r => grown && r.Scenario is "get-order" or "list-orders" ? r with { Scenario = r.Scenario + "-fresh" } : r).ToList();
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
            // Each file on its own: a growth run's fresh reads are told apart from the others'.
            results.AddRange(Normalised(await ReadFileAsync(path, cancellationToken)));
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
