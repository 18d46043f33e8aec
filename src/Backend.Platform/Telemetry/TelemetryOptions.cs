namespace Backend.Platform.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where the Prometheus text endpoint <c>/metrics</c> listens, HTTP/1.1, apart from the gRPC
    /// address; empty turns it off. E.g. <c>http://localhost:9090</c>, or <c>http://*:9090</c> in a cluster.
    /// </summary>
    public string MetricsUrl { get; set; } = "";

    /// <summary>An OTLP endpoint (e.g. <c>http://collector:4317</c>) to export traces and metrics to; empty: none.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Write finished spans to standard output (for diagnosis and tests).</summary>
    public bool ConsoleSpans { get; set; }
}
