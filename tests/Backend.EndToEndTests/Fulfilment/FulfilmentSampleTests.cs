using System.Security.Cryptography;
using System.Text;
using Backend.Orders.V1;

namespace Backend.EndToEndTests.Fulfilment;

/// <summary>
/// The fulfilment sample, built only on the client packages, against the platform: two
/// processes, each stopped the hard way while the other goes on.
/// </summary>
public sealed class FulfilmentSampleTests
{
    private const string Secret = "fulfilment sample secret";

    [Fact]
    public async Task Worker_DownKilledAndPlatformKilled_ShipsEveryPaidOrderExactlyOnce()
    {
        var dll = await WorkerProcess.BuildAsync();
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var port = HostProcess.FreePort();
        var platform = new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
            // The sample's identity, allowed to follow the feed and ship, nothing else.
            ["Auth__Clients__fulfilment__SecretSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret))),
            ["Auth__Clients__fulfilment__Methods__0"] = "/backend.orders.v1.OrderService/WatchOrderChanges",
            ["Auth__Clients__fulfilment__Methods__1"] = "/backend.orders.v1.OrderService/UpdateOrderStatus",
        };
        var host = await HostProcess.StartAsync(platform, dataDirectory: data, port: port);
        var worker = new Dictionary<string, string>
        {
            ["Fulfilment__Platform"] = host.Address.ToString(),
            ["Fulfilment__ClientSecret"] = Secret,
            ["Fulfilment__ShipDelay"] = "00:00:00.300",
            ["Fulfilment__CursorFile"] = Path.Combine(data, "fulfilment.cursor"),
        };
        try
        {
            // Paid before the worker ever ran: shipped once it starts.
            var shop = await Shop.OpenAsync(host);
            var paid = await shop.PayNewOrdersAsync(5);
            var running = WorkerProcess.Start(dll, worker);
            try
            {
                await shop.WaitUntilShippedAsync(paid, running);

                // Killed in the middle of a batch, with more paid while it is down.
                var batch = await shop.PayNewOrdersAsync(20);
                paid.AddRange(batch);
                var first = running;
                await Until(() => first.ShippedOf(batch) > 0, first);
                await first.KillAsync();
                paid.AddRange(await shop.PayNewOrdersAsync(5));
                await first.DisposeAsync();
                running = WorkerProcess.Start(dll, worker);
                await shop.WaitUntilShippedAsync(paid, running);

                // The platform killed and started again on the same data and port; the worker reconnects.
                await host.KillAsync();
                host = await HostProcess.StartAsync(platform, dataDirectory: data, port: port);
                shop = await Shop.OpenAsync(host);
                paid.AddRange(await shop.PayNewOrdersAsync(5));
                await shop.WaitUntilShippedAsync(paid, running);

                // Shipped once each: created (1), paid (2), shipped (3), and no change after.
                foreach (var id in paid)
                {
                    var order = await shop.GetAsync(id);
                    Assert.Equal((OrderStatus.Shipped, 3L), (order.Status, order.Revision));
                }
            }
            finally
            {
                await running.DisposeAsync();
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task Until(Func<bool> condition, WorkerProcess worker)
    {
        var until = DateTime.UtcNow + HostProcess.StartTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The worker did not get there in time:\n" + worker.Output);
            await Task.Delay(20);
        }
    }
}
