using System.Collections.Concurrent;
using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Xunit.Abstractions;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// The host is killed (-9) in the middle of a burst of concurrent CreateOrder calls, whose writes
/// are committed in groups, and started again on the same data. Every order a caller saw placed
/// is there as it was answered, and retrying every call with its request id places each order
/// once: none lost, none doubled.
/// </summary>
public sealed class OrderCrashDrillTests(ITestOutputHelper output)
{
    private const int Callers = 200;
    private const int AcknowledgedBeforeKill = 100;

    // A bound on the burst in case the host never dies; the kill comes long before.
    private const int MostOrders = 100_000;

    [Fact]
    public async Task Host_KilledDuringABurstOfCreateOrder_NothingAcknowledgedIsLostOrDoubled()
    {
        var port = HostProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = SigningKeyPem.NewEc(),
            ["Bootstrap__AdminEmail"] = "drill@example.com",
            ["Bootstrap__AdminPassword"] = "crash drill password",
            ["RateLimiting__Enabled"] = "false",
        };

        var host = await HostProcess.StartAsync(environment, dataDirectory: data, port: port, direct: true);
        var signedIn = await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "drill@example.com", Password = "crash drill password" });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var before = new OrderService.OrderServiceClient(host.Channel);
        await before.SetPriceAsync(new SetPriceRequest { Sku = "drill", UnitPrice = new Money { CurrencyCode = "EUR", Units = 7, Nanos = 500_000_000 } }, headers);

        // The burst: concurrent callers place order after order until the host is gone, so the
        // kill always lands in the middle of it however fast the host is. It dies once a hundred
        // orders are acknowledged, killed from a thread of its own so that it does not wait
        // behind the burst.
        var issued = new ConcurrentDictionary<string, CreateOrderRequest>();
        var acknowledged = new ConcurrentDictionary<string, Order>();
        using var enoughAcknowledged = new ManualResetEventSlim();
        var next = -1;
        var killer = new Thread(() =>
        {
            enoughAcknowledged.Wait();
            _ = host.KillAsync();
        }) { IsBackground = true };
        killer.Start();
        var burst = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < MostOrders)
            {
                var request = new CreateOrderRequest
                {
                    UserId = signedIn.User.Id,
                    RequestId = $"drill-{i}",
                    Items = { new LineItem { Sku = "drill", Quantity = 1 + (i % 5) } },
                };
                issued[request.RequestId] = request;
                try
                {
                    acknowledged[request.RequestId] = (await before.CreateOrderAsync(request, headers)).Order;
                }
                catch (RpcException)
                {
                    // Cut off by the kill.
                    return;
                }

                if (acknowledged.Count >= AcknowledgedBeforeKill)
                {
                    enoughAcknowledged.Set();
                }
            }

            enoughAcknowledged.Set();
        })).ToList();
        await Task.Run(killer.Join);
        await host.KillAsync();
        await Task.WhenAll(burst);
        await host.DisposeAsync();
        var acknowledgedBeforeKill = acknowledged.ToDictionary();
        var requests = issued.Values.ToList();
        output.WriteLine($"{acknowledgedBeforeKill.Count} of {requests.Count} orders acknowledged before the kill");
        Assert.True(acknowledgedBeforeKill.Count >= AcknowledgedBeforeKill);
        Assert.True(acknowledgedBeforeKill.Count < requests.Count, "every order was placed before the kill");

        await using var again = await HostProcess.StartAsync(environment, dataDirectory: data, port: port, direct: true);
        var after = new OrderService.OrderServiceClient(again.Channel);
        foreach (var (requestId, order) in acknowledgedBeforeKill)
        {
            var stored = (await after.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, headers)).Order;
            Assert.Equal(order, stored);
        }

        // Every caller retries with its request id: an acknowledged order comes back as it was,
        // any other is placed now, once.
        var retried = await Task.WhenAll(requests.Select(async request => (request.RequestId, (await after.CreateOrderAsync(request, headers)).Order)));
        foreach (var (requestId, order) in retried)
        {
            if (acknowledgedBeforeKill.TryGetValue(requestId, out var first))
            {
                Assert.Equal(first.Id, order.Id);
            }
        }

        var listed = new List<Order>();
        var page = new ListOrdersResponse();
        do
        {
            page = await after.ListOrdersAsync(new ListOrdersRequest { PageSize = 1000, PageToken = page.NextPageToken }, headers);
            listed.AddRange(page.Orders);
        }
        while (page.NextPageToken.Length > 0);

        Assert.Equal(requests.Count, listed.Count);
        Assert.Equal(retried.Select(r => r.Order.Id).Order(), listed.Select(o => o.Id).Order());
    }
}
