using Backend.Orders.V1;
using Backend.Testing;
using Grpc.Core;

namespace Backend.IntegrationTests.Orders;

public sealed class WatchOrderTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task WatchOrder_NewOrderThenCancel_CurrentStateAtOnceThenEventThenOk()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var watcher = WatchClient.Start(_factory.Orders, token, order.Id);
        await watcher.FirstEvent;
        await _factory.Orders.CancelOrderAsync(new CancelOrderRequest { OrderId = order.Id, Reason = "no longer needed" }, Bearer.Headers(token));
        var events = await watcher.UntilEndAsync();

        Assert.Equal(StatusCode.OK, await watcher.Ended);
        Assert.Equal([1L, 2L], events.Select(e => e.Revision));
        Assert.Equal((OrderStatus.Unspecified, OrderStatus.PendingPayment), (events[0].PreviousStatus, events[0].Status));
        Assert.Equal((OrderStatus.PendingPayment, OrderStatus.Cancelled), (events[1].PreviousStatus, events[1].Status));
        Assert.Equal("no longer needed", events[1].Order.CancelReason);
        Assert.Equal(2, events[1].Order.Revision);
    }

    [Fact]
    public async Task WatchOrder_TerminalOrderNothingLeft_CompletesAtOnce()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.Delivered);

        var watcher = WatchClient.Start(_factory.Orders, token, order.Id, afterRevision: order.Revision);

        Assert.Empty(await watcher.UntilEndAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(StatusCode.OK, await watcher.Ended);
    }

    [Fact]
    public async Task WatchOrder_TerminalOrderFromStart_ReplaysEverythingAndCompletes()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.Refunded);

        var events = await WatchClient.Start(_factory.Orders, token, order.Id).UntilEndAsync();

        Assert.Equal(
            [OrderStatus.PendingPayment, OrderStatus.Paid, OrderStatus.Refunded],
            events.Select(e => e.Status));
    }

    [Fact]
    public async Task WatchOrder_UnknownOrSomeoneElses_NotFound()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var (_, stranger) = await _factory.SignUpAsync();

        var foreign = WatchClient.Start(_factory.Orders, stranger, order.Id);
        var unknown = WatchClient.Start(_factory.Orders, stranger, "no-such-order");

        Assert.Equal(StatusCode.NotFound, await foreign.Ended);
        Assert.Equal(StatusCode.NotFound, await unknown.Ended);
        Assert.Empty(foreign.Events);
    }

    [Fact]
    public async Task WatchOrder_BurstAcrossManyOrders_EveryWatcherGetsExactlyItsEventsInOrder()
    {
        // 50 orders x 4 events (created, paid, shipped, delivered) = 200 changes; 20 orders watched.
        var (user, token) = await _factory.SignUpAsync();
        var orders = new List<Order>();
        for (var i = 0; i < 50; i++)
        {
            orders.Add(await _factory.PlaceAsync(token, user.Id));
        }

        var watched = orders.Take(20).ToList();
        var before = watched.Select(o => (Order: o, After: 0L, Watch: WatchClient.Start(_factory.Orders, token, o.Id))).ToList();
        await Task.WhenAll(before.Select(w => w.Watch.FirstEvent));

        var ops = Bearer.Headers(_factory.AdminToken());
        var during = new List<(Order Order, long After, WatchClient Watch)>();
        var burst = orders.Select(async (o, n) =>
        {
            foreach (var step in new[] { OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered })
            {
                await _factory.StepAsync(o.Id, step, ops);
            }
        }).ToList();
        foreach (var (o, n) in watched.Select((o, n) => (o, n)))
        {
            // Joining mid-burst, some from the start and some after the first revision.
            lock (during)
            {
                during.Add((o, n % 2, WatchClient.Start(_factory.Orders, token, o.Id, afterRevision: n % 2)));
            }
        }

        await Task.WhenAll(burst);
        var after = watched.Select(o => (Order: o, After: 2L, Watch: WatchClient.Start(_factory.Orders, token, o.Id, afterRevision: 2))).ToList();

        foreach (var (order, afterRevision, watch) in before.Concat(during).Concat(after))
        {
            var events = await watch.UntilEndAsync();
            Assert.Equal(StatusCode.OK, await watch.Ended);
            Assert.All(events, e => Assert.Equal(order.Id, e.OrderId));
            Assert.Equal(Enumerable.Range((int)afterRevision + 1, 4 - (int)afterRevision).Select(r => (long)r), events.Select(e => e.Revision));
            Assert.Equal(OrderStatus.Delivered, events[^1].Status);
        }
    }

    [Fact]
    public async Task WatchOrder_FiveHundredWatchersOfOneOrder_AllReceiveEveryChange()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var watchers = Enumerable.Range(0, 500).Select(_ => WatchClient.Start(_factory.Orders, token, order.Id)).ToList();
        await Task.WhenAll(watchers.Select(w => w.FirstEvent));

        var ops = Bearer.Headers(_factory.AdminToken());
        foreach (var step in new[] { OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered })
        {
            await _factory.StepAsync(order.Id, step, ops);
        }

        foreach (var watcher in watchers)
        {
            var events = await watcher.UntilEndAsync();
            Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Revision));
        }
    }

    [Fact]
    public async Task WatchOrder_DisconnectAndResumeFromLastRevision_NothingMissedNothingTwice()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var ops = Bearer.Headers(_factory.AdminToken());
        using var hangUp = new CancellationTokenSource();
        var first = WatchClient.Start(_factory.Orders, token, order.Id, cancellationToken: hangUp.Token);
        await first.FirstEvent;
        await _factory.StepAsync(order.Id, OrderStatus.Paid, ops);
        await WaitUntil(() => first.Events.Count == 2);

        await hangUp.CancelAsync();
        Assert.Equal(StatusCode.Cancelled, await first.Ended);
        await _factory.StepAsync(order.Id, OrderStatus.Shipped, ops);
        var resumed = WatchClient.Start(_factory.Orders, token, order.Id, afterRevision: first.Events[^1].Revision);
        await _factory.StepAsync(order.Id, OrderStatus.Delivered, ops);

        var rest = await resumed.UntilEndAsync();
        Assert.Equal([1L, 2L, 3L, 4L], first.Events.Concat(rest).Select(e => e.Revision));
    }

    [Fact]
    public async Task WatchOrder_CallerHangsUp_ServerReleasesTheStream()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var hub = (Backend.Orders.Streaming.OrderEventHub)_factory.Services.GetService(typeof(Backend.Orders.Streaming.OrderEventHub))!;
        using var hangUp = new CancellationTokenSource();
        var watcher = WatchClient.Start(_factory.Orders, token, order.Id, cancellationToken: hangUp.Token);
        await watcher.FirstEvent;
        Assert.Equal(1, hub.OpenSubscriptions);

        await hangUp.CancelAsync();

        await WaitUntil(() => hub.OpenSubscriptions == 0);
    }

    [Fact]
    public async Task WatchOrders_User_SeesEveryChangeOfTheirOrdersOnly()
    {
        var (user, token) = await _factory.SignUpAsync();
        var (other, otherToken) = await _factory.SignUpAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = _factory.Orders.WatchOrders(new WatchOrdersRequest(), Bearer.Headers(token), cancellationToken: stop.Token);
        var received = new List<OrderEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                lock (received)
                {
                    received.Add(response.Event);
                }
            }
        });
        await WaitUntil(() => ((Backend.Orders.Streaming.OrderEventHub)_factory.Services.GetService(typeof(Backend.Orders.Streaming.OrderEventHub))!).OpenSubscriptions == 1);

        var mine = await _factory.PlaceAsync(token, user.Id);
        await _factory.PlaceAsync(otherToken, other.Id);
        await _factory.Orders.CancelOrderAsync(new CancelOrderRequest { OrderId = mine.Id }, Bearer.Headers(token));
        await WaitUntil(() => { lock (received) { return received.Count == 2; } });
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => reading);

        Assert.All(received, e => Assert.Equal(mine.Id, e.OrderId));
        Assert.Equal([OrderStatus.PendingPayment, OrderStatus.Cancelled], received.Select(e => e.Status));
    }

    [Fact]
    public async Task WatchOrders_AnotherUsersByUser_PermissionDenied()
    {
        var (_, token) = await _factory.SignUpAsync();
        var (other, _) = await _factory.SignUpAsync();

        using var call = _factory.Orders.WatchOrders(new WatchOrdersRequest { UserId = other.Id }, Bearer.Headers(token));

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => call.ResponseStream.MoveNext(), "OTHER_USERS_ORDERS");
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
