using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Web;

/// <summary>
/// The same RPCs for callers that do not speak HTTP/2 gRPC: REST/JSON through the contract's
/// <c>google.api.http</c> routes (JSON transcoding), its OpenAPI document, and gRPC-Web for
/// browsers. Each is the gRPC call itself, with its authentication, validation, rate limits and
/// telemetry, not a second implementation.
/// </summary>
internal static class WebCallerRegistration
{
    /// <summary>Headers a browser page may read from an answer: the gRPC-Web status and its details.</summary>
    private static readonly string[] ExposedHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding"];

    public static WebApplicationBuilder AddWebCallers(this WebApplicationBuilder builder, IGrpcServerBuilder grpc)
    {
        grpc.AddJsonTranscoding(transcoding =>
        {
            transcoding.TypeRegistry = StatusDetailTypes.Registry;
            transcoding.JsonSettings = new GrpcJsonSettings { WriteInt64sAsStrings = true };
        });
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(OpenApiDocumentSetup.Configure);

        var origins = BrowserOrigins.From(builder.Configuration);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(ExposedHeaders)));
        return builder;
    }

    /// <summary>Middleware that must run before authentication: gRPC-Web framing and CORS preflight.</summary>
    public static WebApplication UseWebCallers(this WebApplication app)
    {
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseCors();
        return app;
    }

    public static WebApplication MapWebCallers(this WebApplication app)
    {
        app.MapSwagger("/" + OpenApiDocumentSetup.RouteTemplate).AllowAnonymous();
        // The REST port's health, for probes and balancers that speak HTTP/1.1: the same checks
        // as grpc.health.v1 with the empty service name.
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }
}
