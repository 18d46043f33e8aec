using System.Diagnostics.Metrics;

namespace Backend.Platform.Telemetry;

/// <summary>
/// The platform's own meter, named "Backend", made by the host's meter factory. Services add
/// their instruments to it; everything on it is exported with the framework's metrics.
/// </summary>
public sealed class BackendMetrics(IMeterFactory meters)
{
    public const string Name = "Backend";

    public Meter Meter { get; } = meters.Create(Name);
}
