namespace Backend.LoadTool;

/// <summary>What one scenario measured.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    int Concurrency,
    double Seconds,
    long Calls,
    double PerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, long> Outcomes,
    double? ServerMemoryBeforeMiB,
    double? ServerMemoryAfterMiB,
    IReadOnlyDictionary<string, double> Extra);
