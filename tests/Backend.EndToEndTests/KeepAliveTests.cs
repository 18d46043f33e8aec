using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// A watch stream that stays quiet for longer than the idle timeout of a proxy between client
/// and server still delivers the next change: the server's HTTP/2 keep-alive pings keep the
/// connection in use. Without them the same proxy drops it (the second test shows the proxy bites).
/// </summary>
public sealed class KeepAliveTests
{
    // Kestrel checks for a quiet connection once a second, so a 1 s ping delay sends a ping 1-2 s
    // after the last frame; the proxy's timeout leaves room for a busy machine on top of that.
    private static readonly TimeSpan ProxyIdleTimeout = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(14);

    [Fact]
    public async Task WatchOrder_IdleLongerThanProxyTimeout_NextChangeStillArrives()
    {
        await using var host = await StartAsync(pingDelay: "00:00:01");
        await using var proxy = new IdleCuttingProxy(host.Address, ProxyIdleTimeout);
        var (orderId, token) = await OpenOrderAsync(host);
        using var channel = GrpcChannel.ForAddress(proxy.Address);
        using var call = new OrderService.OrderServiceClient(channel).WatchOrder(new WatchOrderRequest { OrderId = orderId }, Bearer.Headers(token));
        Assert.True(await call.ResponseStream.MoveNext());

        await Task.Delay(QuietPeriod);
        await PayAsync(host, orderId, token);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.True(await call.ResponseStream.MoveNext(patience.Token));
        Assert.Equal(OrderStatus.Paid, call.ResponseStream.Current.Event.Status);
        Assert.Equal(0, proxy.Cut);
    }

    [Fact]
    public async Task WatchOrder_IdleBehindProxyWithoutPings_ConnectionIsDropped()
    {
        await using var host = await StartAsync(pingDelay: "Infinite");
        await using var proxy = new IdleCuttingProxy(host.Address, ProxyIdleTimeout);
        var (orderId, token) = await OpenOrderAsync(host);
        using var channel = GrpcChannel.ForAddress(proxy.Address);
        using var call = new OrderService.OrderServiceClient(channel).WatchOrder(new WatchOrderRequest { OrderId = orderId }, Bearer.Headers(token));
        Assert.True(await call.ResponseStream.MoveNext());

        await Task.Delay(QuietPeriod);
        await PayAsync(host, orderId, token);

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(patience.Token));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, proxy.Cut);
    }

    private static Task<HostProcess> StartAsync(string pingDelay) => HostProcess.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap__AdminEmail"] = "ops@example.com",
        ["Bootstrap__AdminPassword"] = "operations password",
        ["Http2__KeepAlivePingDelay"] = pingDelay,
    });

    private static async Task<(string OrderId, string Token)> OpenOrderAsync(HostProcess host)
    {
        var users = new UserService.UserServiceClient(host.Channel);
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var order = (await new OrderService.OrderServiceClient(host.Channel).CreateOrderAsync(new CreateOrderRequest
        {
            UserId = signedIn.User.Id,
            Items = { new LineItem { Sku = "sku", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 5 } } },
        }, Bearer.Headers(signedIn.AccessToken))).Order;
        return (order.Id, signedIn.AccessToken);
    }

    private static Task PayAsync(HostProcess host, string orderId, string token) =>
        new OrderService.OrderServiceClient(host.Channel).MarkOrderPaidAsync(
            new MarkOrderPaidRequest { OrderId = orderId, PaymentId = Guid.CreateVersion7().ToString("N") }, Bearer.Headers(token)).ResponseAsync;
}
