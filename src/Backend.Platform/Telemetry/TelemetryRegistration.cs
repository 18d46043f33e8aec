using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Backend.Platform.Telemetry;

/// <summary>
/// OpenTelemetry for every process: traces of incoming gRPC calls and of the calls the
/// services make to each other (one trace across hops), metrics of the server, the clients, the
/// databases and the platform's own instruments; a Prometheus endpoint on its own HTTP/1.1 port,
/// OTLP export when an endpoint is configured; logs carry the trace id.
/// </summary>
internal static class TelemetryRegistration
{
    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Logging.Configure(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.AddSingleton<BackendMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                "backend", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));

        // Spans are recorded only when they have somewhere to go: recording every request's span
        // for no one cost the hot paths measurably. Logs carry the trace id either way.
        if (options.ConsoleSpans || options.OtlpEndpoint.Length > 0)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(BackendMetrics.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsMetricsScrape(context, options))
                    .AddHttpClientInstrumentation();
                if (options.ConsoleSpans)
                {
                    tracing.AddConsoleExporter();
                }

                if (options.OtlpEndpoint.Length > 0)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        }

        // Likewise metrics: the instruments of the server, the clients and EF Core are listened
        // to only when a Prometheus endpoint or an OTLP collector will read them.
        if (options.MetricsUrl.Length > 0 || options.OtlpEndpoint.Length > 0)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(BackendMetrics.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.EntityFrameworkCore", "Npgsql", "Grpc.AspNetCore.Server", "Grpc.Net.Client");
                if (options.MetricsUrl.Length > 0)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint.Length > 0)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        }

        return builder;
    }

    public static WebApplication MapPlatformTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.MetricsUrl.Length > 0)
        {
            // Only on the metrics port: the gRPC address serves no HTTP/1.1 endpoints.
            app.MapPrometheusScrapingEndpoint().RequireHost("*:" + new Uri(options.MetricsUrl.Replace("*", "localhost", StringComparison.Ordinal)).Port)
                .AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }

    /// <summary>The port of the metrics endpoint, or null when it is off.</summary>
    public static int? MetricsPort(IConfiguration configuration) =>
        configuration[$"{TelemetryOptions.Section}:MetricsUrl"] is { Length: > 0 } url
            ? new Uri(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port
            : null;

    private static bool IsMetricsScrape(HttpContext context, TelemetryOptions options) =>
        options.MetricsUrl.Length > 0 && context.Request.Path.StartsWithSegments("/metrics", StringComparison.Ordinal);
}
