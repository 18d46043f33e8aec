using Backend.Platform.Discovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Hosting;

/// <summary>
/// What every Backend process has, whichever services it hosts: HTTP/2 cleartext endpoints,
/// gRPC, health and reflection.
/// </summary>
public static class PlatformDefaults
{
    /// <summary>The address served when configuration names none.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    public static WebApplicationBuilder AddPlatformDefaults(this WebApplicationBuilder builder)
    {
        // gRPC callers speak HTTP/2 with prior knowledge: every endpoint, including those given
        // by --urls or ASPNETCORE_URLS, is HTTP/2 only, so cleartext works without TLS.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddContractReflection();
        return builder;
    }

    public static WebApplication MapPlatformDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
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
