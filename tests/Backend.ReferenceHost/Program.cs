using Backend.ReferenceHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The bare framework path: Kestrel speaking HTTP/2 with prior knowledge and the standard
// grpc.health.v1 service, with none of the platform's middleware, interceptors, identity,
// telemetry, logging or storage, and OrderService.GetOrder answered from memory. The load tool's
// health scenarios and get-order-rate run against it measure what grpc-dotnet itself does on a
// machine (run-benchmark.sh); the reference-watch-idle and reference-watch-fanout scenarios hold
// their streams on its in-memory WatchOrder, for what a watch costs the bare framework. With
// Reference:SigningKey it also serves the stored reference on a second port (StoredReference):
// GetOrder with the framework's JWT bearer handler and EF Core.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ReferenceWatchedOrders>();
var stored = StoredReference.Configure(builder);

var app = builder.Build();
app.MapGrpcHealthChecksService();
if (stored)
{
    // Only the in-memory service answers on the first port; the stored one only on its own.
    app.MapGrpcService<ReferenceOrders>().RequireHost($"*:{new Uri(app.Configuration["urls"]?.Split(';')[0] ?? "http://localhost:5000").Port}");
    app.UseAuthorization();
    await StoredReference.MapAsync(app);
}
else
{
    app.MapGrpcService<ReferenceOrders>();
}

app.Run();
