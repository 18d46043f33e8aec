using Backend.Orders.Client;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

public sealed class OrderWatchRestartTests
{
    [Fact]
    public async Task WatchHelper_ServerKilledAndRestarted_DeliversEveryEventExactlyOnce()
    {
        var port = HostProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var admin = new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
        };
        var host = await HostProcess.StartAsync(admin, dataDirectory: data, port: port);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var users = new UserService.UserServiceClient(channel);
        var orders = new OrderService.OrderServiceClient(channel);
        var token = (await users.AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" })).AccessToken;
        var headers = Bearer.Headers(token);
        var userId = (await users.AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" })).User.Id;
        var order = (await orders.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = userId,
            Items = { new LineItem { Sku = "sku", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 5 } } },
        }, headers)).Order;

        var received = new List<OrderEvent>();
        var first = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            var options = new OrderWatchOptions { MaxConsecutiveReconnects = 200, MaxBackoff = TimeSpan.FromMilliseconds(250) };
            await foreach (var orderEvent in orders.WatchOrderEventsAsync(order.Id, headers: headers, options: options))
            {
                lock (received)
                {
                    received.Add(orderEvent);
                }

                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await host.DisposeAsync();
        await using var restarted = await HostProcess.StartAsync(admin, dataDirectory: data, port: port);
        // The first channel may still be backing off from the dead server; the watch helper copes
        // with that, these calls need not.
        var ordersAgain = new OrderService.OrderServiceClient(restarted.Channel);
        foreach (var (step, paid) in new[] { (OrderStatus.Paid, true), (OrderStatus.Shipped, false), (OrderStatus.Delivered, false) })
        {
            if (paid)
            {
                await ordersAgain.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = order.Id, PaymentId = "01a20000000070008000000000000001" }, headers);
            }
            else
            {
                await ordersAgain.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = order.Id, Status = step }, headers);
            }
        }

        await watching.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal([1L, 2L, 3L, 4L], received.Select(e => e.Revision));
        Assert.Equal(OrderStatus.Delivered, received[^1].Status);
    }
}
