namespace Backend.LoadTool;

/// <summary>
/// One performance target with the platform's figure and the bare reference host's figure from
/// the same run.
/// </summary>
/// <param name="Title">What is measured, e.g. <c>create-order</c>.</param>
/// <param name="Unit">The unit of all three figures: <c>/s</c>, <c>ms</c> or <c>KiB</c>.</param>
/// <param name="Measured">The platform's figure; null when the results hold no such scenario.</param>
/// <param name="Target">The target; null when it depends on a figure the results do not hold.</param>
/// <param name="AtMost">Whether the target is a ceiling (latency, memory) rather than a floor (throughput).</param>
/// <param name="Reference">The bare host's figure, or null when it has no counterpart.</param>
/// <param name="ReferenceLabel">What the bare host's figure is, or why there is none.</param>
internal sealed record TargetFigure(string Title, string Unit, double? Measured, double? Target, bool AtMost, double? Reference, string ReferenceLabel)
{
    public bool? Met => (Measured, Target) is ({ } measured, { } target) ? (AtMost ? measured <= target : measured >= target) : null;
}
