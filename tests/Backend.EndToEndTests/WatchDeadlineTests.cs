using Backend.EndToEndTests.Fuzz;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Google.Protobuf;
using Grpc.Core;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// A watch of an order that does not change ends at the caller's deadline, over real HTTP/2: the
/// deadline status travels in the trailers, so a caller never mistakes it for an outage.
/// </summary>
public sealed class WatchDeadlineTests
{
    [Fact]
    public async Task WatchOrder_DeadlinePasses_EndsWithDeadlineExceeded()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
        });
        var (orderId, token) = await OpenOrderAsync(host);
        var orders = new OrderService.OrderServiceClient(host.Channel);

        // The generated client, with its own deadline.
        var received = 0;
        using var call = orders.WatchOrder(
            new WatchOrderRequest { OrderId = orderId }, Bearer.Headers(token), deadline: DateTime.UtcNow.AddMilliseconds(700));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                received++;
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(1, received);

        // The server's own answer, read by a caller without a timer of its own.
        using var raw = new RawGrpcCaller(host.Address);
        var request = RawGrpcCaller.Frame(new WatchOrderRequest { OrderId = orderId }.ToByteArray());
        var answer = await raw.CallAsync("/backend.orders.v1.OrderService/WatchOrder", request, token, timeout: TimeSpan.FromMilliseconds(500));
        Assert.Equal(200, answer.HttpStatus);
        Assert.Equal(StatusCode.DeadlineExceeded, answer.Status);
        Assert.True(answer.BodyLength > 0, "the order's first event should have arrived before the deadline");
    }

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
}
