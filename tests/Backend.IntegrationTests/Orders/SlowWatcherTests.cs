using Backend.Orders.Streaming;
using Backend.Orders.V1;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.IntegrationTests.Orders;

public sealed class SlowWatcherTests
{
    [Fact]
    public async Task WatchOrders_WatcherStopsReading_CutOffWithUnavailableWhileWritersAndOthersGoOn()
    {
        await using var factory = new BackendFactory().With("Orders:Watch:MaxLag", "4");
        var (user, token) = await factory.SignUpAsync();
        var watches = factory.Services.GetRequiredService<OrderWatches>();
        var hub = factory.Services.GetRequiredService<OrderEventHub>();

        // This watcher takes its first event and then never finishes sending it.
        var stuck = new TaskCompletionSource();
        var slow = watches.WatchUserAsync(user.Id, _ => stuck.Task, CancellationToken.None);
        using var keepingUp = factory.Orders.WatchOrders(new WatchOrdersRequest(), Bearer.Headers(token));
        var received = 0;
        var keptUp = Task.Run(async () =>
        {
            while (received < 20 && await keepingUp.ResponseStream.MoveNext())
            {
                Interlocked.Increment(ref received);
            }

            return received;
        });
        while (hub.OpenSubscriptions < 2)
        {
            await Task.Delay(10);
        }

        for (var i = 0; i < 20; i++)
        {
            // Every write is acknowledged although one watcher is stuck.
            await factory.PlaceAsync(token, user.Id).WaitAsync(TimeSpan.FromSeconds(10));

            // The other watcher reads as it should: it gets each change before the next is made,
            // so only the stuck one can fall behind its small queue.
            var until = DateTime.UtcNow.AddSeconds(10);
            while (Volatile.Read(ref received) <= i && DateTime.UtcNow < until)
            {
                await Task.Delay(5);
            }
        }

        Assert.Equal(20, await keptUp.WaitAsync(TimeSpan.FromSeconds(10)));
        stuck.SetResult();
        var cutOff = await Assert.ThrowsAsync<DomainException>(() => slow);
        Assert.Equal(ErrorKind.Unavailable, cutOff.Kind);
        Assert.Equal(OrderWatches.TooSlow, cutOff.Reason);
        Assert.Equal(1, hub.OpenSubscriptions);
    }

    [Fact]
    public async Task WatchOrder_WatcherStopsReading_ToldWhereToResume()
    {
        await using var factory = new BackendFactory().With("Orders:Watch:MaxLag", "1");
        var (order, _) = await factory.OrderInAsync(OrderStatus.PendingPayment);
        var watches = factory.Services.GetRequiredService<OrderWatches>();
        var stuck = new TaskCompletionSource();
        var sent = 0;
        var stream = new CallbackStreamWriter(e =>
        {
            Interlocked.Increment(ref sent);
            return e.Revision == 2 ? stuck.Task : Task.CompletedTask;
        });
        var slow = watches.WatchOrderAsync(order.Id, 0, new Caller("admin", PlatformRoles.Admin), stream, SessionStream.Unbounded(CancellationToken.None));
        while (Volatile.Read(ref sent) < 1)
        {
            await Task.Delay(10);
        }

        var ops = Bearer.Headers(factory.AdminToken());
        await factory.StepAsync(order.Id, OrderStatus.Paid, ops);

        // The watcher is now stuck sending revision 2; the next change fills its queue of one.
        while (Volatile.Read(ref sent) < 2)
        {
            await Task.Delay(10);
        }

        await factory.StepAsync(order.Id, OrderStatus.Shipped, ops);
        await factory.StepAsync(order.Id, OrderStatus.Delivered, ops);
        stuck.SetResult();

        var cutOff = await Assert.ThrowsAsync<DomainException>(() => slow);
        Assert.Equal(OrderWatches.TooSlow, cutOff.Reason);
        // Revision 3 was still queued and is delivered; 4 overflowed the queue.
        Assert.Equal(3, sent);
        Assert.Equal("3", cutOff.Metadata["resume_after_revision"]);
    }
}
