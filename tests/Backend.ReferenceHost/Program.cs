using Backend.ReferenceHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The bare framework path: Kestrel speaking HTTP/2 with prior knowledge and the standard
// grpc.health.v1 service, with none of the platform's middleware, interceptors, identity,
// telemetry, logging or storage, and OrderService.GetOrder answered from memory. The load tool's
// health scenarios and get-order-rate run against it measure what grpc-dotnet itself does on a
// machine (run-benchmark.sh).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();

var app = builder.Build();
app.MapGrpcHealthChecksService();
app.MapGrpcService<ReferenceOrders>();
app.Run();
