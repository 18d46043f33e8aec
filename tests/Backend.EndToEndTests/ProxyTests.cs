using Backend.Orders.Client;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// Two published host instances on one PostgreSQL database behind HAProxy, started by
/// <c>deploy/proxy/two-instances.sh</c>; every call goes through the proxy. The last test stops an
/// instance, so the tests run in the order they are declared.
/// </summary>
[TestCaseOrderer(DeclarationOrderer.Name, DeclarationOrderer.Assembly)]
public sealed class ProxyTests : IDisposable
{
    private const string GetOrderRoute = "/backend.orders.v1.OrderService/GetOrder";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly ProxySetup? _setup = ProxyFactAttribute.State is { } state ? ProxySetup.Read(state) : null;
    private readonly GrpcChannel? _channel;

    public ProxyTests()
    {
        if (_setup is not null)
        {
            _channel = GrpcChannel.ForAddress(_setup.Proxy);
        }
    }

    [ProxyFact]
    public async Task Calls_ThroughOneConnectionToTheProxy_ReachBothInstances()
    {
        var (headers, userId) = await SignUpAsync();
        var orders = new OrderService.OrderServiceClient(_channel);
        var order = await PlaceAsync(orders, headers, userId);
        var before = await CallCountsAsync(GetOrderRoute);

        for (var i = 0; i < 20; i++)
        {
            var read = await orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, headers);
            Assert.Equal(order.Id, read.Order.Id);
        }

        // Each instance counts the calls it served; the count lands as each call completes.
        double[] served = [];
        await WaitUntilAsync(async () =>
        {
            served = (await CallCountsAsync(GetOrderRoute)).Zip(before, (after, earlier) => after - earlier).ToArray();
            return served.Sum() >= 20;
        }, "both instances to count the 20 calls");
        Assert.Equal(20, served.Sum());
        Assert.All(served, count => Assert.True(count > 0, $"an instance served none of the calls: {string.Join(", ", served)}"));
    }

    [ProxyFact]
    public async Task WatchOrderEvents_InstanceOfTheWatchStoppedWithSigterm_ResumesThroughTheProxyWithNoGapOrDuplicate()
    {
        var setup = _setup!;
        var (headers, userId) = await SignUpAsync();
        var orders = new OrderService.OrderServiceClient(_channel);
        var payments = new PaymentService.PaymentServiceClient(_channel);
        var order = await PlaceAsync(orders, headers, userId);

        var received = new List<OrderEvent>();
        var first = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            var options = new OrderWatchOptions { MaxConsecutiveReconnects = 200, MaxBackoff = TimeSpan.FromMilliseconds(500) };
            await foreach (var orderEvent in orders.WatchOrderEventsAsync(order.Id, headers: headers, options: options))
            {
                lock (received)
                {
                    received.Add(orderEvent);
                }

                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(Patience);

        // The instance holding the stream is the one whose gauge of open watch streams shows it.
        ProxyInstance? watched = null;
        await WaitUntilAsync(async () =>
        {
            var holding = new List<ProxyInstance>();
            foreach (var instance in setup.Instances)
            {
                if (await setup.MetricAsync(instance, "backend_orders_watch_streams") > 0)
                {
                    holding.Add(instance);
                }
            }

            watched = holding.Count == 1 ? holding[0] : null;
            return watched is not null;
        }, "exactly one instance to hold the watch");
        var other = setup.Instances.Single(instance => instance != watched);
        var deliveredByOther = await setup.MetricAsync(other, "backend_orders_events_delivered_total");

        await ProxySetup.TerminateAsync(watched!);
        await WaitUntilAsync(async () => await setup.ProxyStatusAsync(watched!) == "DOWN", "the proxy's health checks to take the stopped instance out");
        await WaitUntilAsync(() => Task.FromResult(!ProxySetup.IsRunning(watched!)), "the stopped instance to exit");
        Assert.Equal("UP", await setup.ProxyStatusAsync(other));

        var payment = (await payments.CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = order.Id,
            Amount = order.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = "proxy-" + order.Id,
        }, headers)).Payment;
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        var refund = await payments.RefundPaymentAsync(new RefundPaymentRequest { PaymentId = payment.Id, IdempotencyKey = "proxy-refund-" + order.Id }, headers);
        Assert.Equal(PaymentStatus.Refunded, refund.Payment.Status);

        await watching.WaitAsync(Patience);
        Assert.Equal([1L, 2L, 3L], received.Select(e => e.Revision));
        Assert.Equal([OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Refunded], received.Select(e => e.Status));
        Assert.True(await setup.MetricAsync(other, "backend_orders_events_delivered_total") > deliveredByOther,
            "the remaining instance delivered none of the events after the stop");
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _setup?.Dispose();
    }

    private async Task<double[]> CallCountsAsync(string route)
    {
        var counts = new List<double>();
        foreach (var instance in _setup!.Instances)
        {
            counts.Add(await _setup.MetricAsync(instance, "http_server_request_duration_seconds_count", $"http_route=\"{route}\""));
        }

        return [.. counts];
    }

    private async Task<(Metadata Headers, string UserId)> SignUpAsync()
    {
        var users = new UserService.UserServiceClient(_channel);
        var email = $"proxy-{Guid.NewGuid():N}@example.com";
        await users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Proxy", Password = "behind the proxy 2026" });
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = "behind the proxy 2026" });
        return (Bearer.Headers(signedIn.AccessToken), signedIn.User.Id);
    }

    // The instances' bootstrap admin (.ci/proxy) lists the price a customer then pays.
    private async Task<Order> PlaceAsync(OrderService.OrderServiceClient orders, Metadata headers, string userId)
    {
        var users = new UserService.UserServiceClient(_channel);
        var admin = await users.AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var price = new Money { CurrencyCode = "EUR", Units = 40 };
        await orders.SetPriceAsync(new SetPriceRequest { Sku = "lamp", UnitPrice = price }, Bearer.Headers(admin.AccessToken));
        return (await orders.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = userId,
            Items = { new LineItem { Sku = "lamp", Quantity = 1, UnitPrice = price } },
        }, headers)).Order;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
