using System.Net;
using Backend.Orders.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Client.Tests;

/// <summary>
/// A service that calls the platform while it handles a gRPC call, over real HTTP/2: with
/// PropagateCallContext its calls end by the incoming call's deadline and stop when it is cancelled.
/// </summary>
public sealed class CallContextPropagationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task PropagateCallContext_IncomingDeadline_OutgoingCallEndsByIt()
    {
        var downstream = new Downstream(hold: false);
        await using var app = await StartAsync(downstream);
        var health = new Health.HealthClient(app.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            health.CheckAsync(new HealthCheckRequest { Service = "o" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var left = await downstream.TimeLeftAsync().WaitAsync(Patience);
        Assert.NotNull(left);
        Assert.InRange(left.Value, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task PropagateCallContext_IncomingCallCancelled_OutgoingCallCancelled()
    {
        var downstream = new Downstream(hold: true);
        await using var app = await StartAsync(downstream);
        using var cancel = new CancellationTokenSource();
        var call = new Health.HealthClient(app.Channel).CheckAsync(new HealthCheckRequest { Service = "o" }, cancellationToken: cancel.Token);
        await downstream.TimeLeftAsync().WaitAsync(Patience);

        await cancel.CancelAsync();

        await downstream.Cancelled.WaitAsync(Patience);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task PropagateCallContext_OutsideAnIncomingCall_CallKeepsTheDefaultDeadline()
    {
        var downstream = new Downstream(hold: false);
        await using var app = await StartAsync(downstream);
        var orders = app.Services.GetRequiredService<OrderService.OrderServiceClient>();

        var error = await Assert.ThrowsAsync<RpcException>(() => orders.GetOrderAsync(new GetOrderRequest { OrderId = "o" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var left = await downstream.TimeLeftAsync().WaitAsync(Patience);
        Assert.NotNull(left);
        Assert.InRange(left.Value, DefaultDeadline - TimeSpan.FromMinutes(1), DefaultDeadline);
    }

    private static async Task<RunningApp> StartAsync(Downstream downstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services
            .AddOrderServiceClient(o =>
            {
                o.Address = new Uri("http://orders.invalid");
                o.DefaultDeadline = DefaultDeadline;
                o.MaxAttempts = 1;
            })
            .ConfigurePrimaryHttpMessageHandler(downstream.Handler)
            .PropagateCallContext();
        var app = builder.Build();
        app.MapGrpcService<RelayingHealth>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningApp(app, GrpcChannel.ForAddress(address));
    }

    private sealed class RunningApp(WebApplication app, GrpcChannel channel) : IAsyncDisposable
    {
        public GrpcChannel Channel => channel;

        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            channel.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
