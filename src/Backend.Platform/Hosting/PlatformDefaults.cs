using Backend.Platform.Discovery;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Platform.Limits;
using Backend.Platform.Telemetry;
using Backend.Platform.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backend.Platform.Hosting;

/// <summary>
/// What every Backend process has, whichever services it hosts: HTTP/2 cleartext endpoints,
/// gRPC with the platform's error model and validation, bearer-token identity, health and
/// reflection.
/// </summary>
public static class PlatformDefaults
{
    /// <summary>The address served when configuration names none.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // gRPC callers speak HTTP/2 with prior knowledge: every endpoint, including those given
        // by --urls or ASPNETCORE_URLS, is HTTP/2 only, so cleartext works without TLS.
        // The metrics endpoint is the one HTTP/1.1 exception, on a port of its own.
        var metricsPort = TelemetryRegistration.MetricsPort(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(listen =>
                listen.Protocols = listen.IPEndPoint?.Port == metricsPort ? HttpProtocols.Http1 : HttpProtocols.Http2);
            KeepAlive.Apply(kestrel.Limits.Http2, builder.Configuration);
        });
        var urls = HasConfiguredAddress(builder.Configuration) ? builder.Configuration["urls"] : DefaultUrl;
        if (metricsPort is not null && urls is not null)
        {
            builder.WebHost.UseUrls($"{urls};{builder.Configuration["Telemetry:MetricsUrl"]}");
        }
        else if (urls == DefaultUrl)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddPlatformTelemetry();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = builder.Configuration.GetValue("Grpc:MaxReceiveMessageSize", 1024 * 1024);
            grpc.MaxSendMessageSize = builder.Configuration.GetValue("Grpc:MaxSendMessageSize", 4 * 1024 * 1024);
            grpc.Interceptors.Add<ErrorInterceptor>();
            grpc.Interceptors.Add<ValidationInterceptor>();
        });
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
        app.UseAuthentication();
        if (app.Configuration.GetValue("RateLimiting:Enabled", true))
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapPlatformTelemetry();
        if (app.Configuration.GetValue("Reflection:Enabled", true))
        {
            app.MapContractReflection();
        }

        return app;
    }

    private static bool HasConfiguredAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
