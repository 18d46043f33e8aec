using Backend.Platform.Discovery;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Platform.Limits;
using Backend.Platform.Telemetry;
using Backend.Platform.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Backend.Platform.Hosting;

/// <summary>
/// What every Backend process has, whichever services it hosts: HTTP/2 cleartext endpoints,
/// gRPC with the platform's error model and validation, bearer-token identity, health and
/// reflection, and the same RPCs over REST/JSON and gRPC-Web on HTTP/1.1 endpoints.
/// </summary>
public static class PlatformDefaults
{
    /// <summary>The address served when configuration names none.</summary>
    public const string DefaultUrl = ListenAddresses.DefaultGrpcUrl;

    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // gRPC callers speak HTTP/2 with prior knowledge: every gRPC endpoint, including those
        // given by --urls or ASPNETCORE_URLS, is HTTP/2 only, so cleartext works without TLS.
        // The metrics and REST/gRPC-Web endpoints speak HTTP/1.1, each on ports of their own.
        var metricsPort = TelemetryRegistration.MetricsPort(builder.Configuration);
        var addresses = ListenAddresses.From(builder.Configuration, metricsPort);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = addresses.ProtocolsOf(listen.IPEndPoint?.Port));
            KeepAlive.Apply(kestrel.Limits.Http2, builder.Configuration);
        });
        if (addresses.GrpcUrls is { } urls)
        {
            string?[] all = [urls, addresses.HttpUrls, metricsPort is null ? null : builder.Configuration["Telemetry:MetricsUrl"]];
            builder.WebHost.UseUrls(string.Join(';', all.Where(u => !string.IsNullOrEmpty(u))));
        }

        builder.AddPlatformTelemetry();

        // The framework logs every unhealthy result of every probe at Error, NOT_SERVING while
        // the process drains for a planned shutdown included: each readiness probe of a draining
        // instance was an error in the log. The checks log their own changes instead
        // (DatabaseHealthCheck: when its database stops or comes back answering).
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ServiceNamesCheck>();
        // Registered, the interceptor is made once instead of once per call (and kept for as
        // long as a stream lasts); it holds no per-call state. It validates requests too.
        builder.Services.AddSingleton<ErrorInterceptor>();
        var grpc = builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageSize", 1024 * 1024);
            grpc.MaxSendMessageSize = builder.Configuration.GetValue("Grpc:MaxSendMessageSize", 4 * 1024 * 1024);
            grpc.Interceptors.Add<ErrorInterceptor>();
        });
        builder.AddWebCallers(grpc);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddContractReflection();
        builder.AddPlatformAuth();
        builder.AddCallerRateLimits();
        builder.Services.AddHostedService<ShutdownDrain>();
        return builder;
    }

    public static WebApplication MapPlatformDefaults(this WebApplication app)
    {
        app.UseFrameworkStatusDetails();
        app.UseWebCallers();
        app.UseAuthentication();
        if (app.Configuration.GetValue("RateLimiting:Enabled", true))
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapPlatformTelemetry();
        app.MapWebCallers();
        if (app.Configuration.GetValue("Reflection:Enabled", true))
        {
            app.MapContractReflection();
        }

        return app;
    }
}
