using Backend.Orders.Domain;
using Backend.Orders.Streaming;

namespace Backend.Orders.Tests;

public sealed class OrderEventHubTests
{
    [Fact]
    public async Task Publish_ToOrderAndUserWatchers_EachGetsItsOwn()
    {
        var hub = new OrderEventHub();
        using var order = hub.WatchOrder("o1", 8);
        using var user = hub.WatchUser("u1", 8);
        using var other = hub.WatchOrder("o2", 8);

        hub.Publish(Event("o1", "u1", 1));

        Assert.Equal(1, (await order.Events.ReadAsync()).Revision);
        Assert.Equal(1, (await user.Events.ReadAsync()).Revision);
        Assert.False(other.Events.TryRead(out _));
    }

    [Fact]
    public async Task Publish_ManyWatchersOfOneOrder_AllGetTheSameEncodedBytes()
    {
        var hub = new OrderEventHub();
        var watchers = Enumerable.Range(0, 50).Select(_ => hub.WatchOrder("o1", 8)).ToList();
        using var user = hub.WatchUser("u1", 8);

        hub.Publish(Event("o1", "u1", 1));

        var first = await watchers[0].Events.ReadAsync();
        foreach (var watcher in watchers.Skip(1))
        {
            Assert.Same(first.Payload, (await watcher.Events.ReadAsync()).Payload);
        }

        Assert.Same(first.Payload, (await user.Events.ReadAsync()).Payload);
        Assert.Equal("o1", V1.WatchOrderResponse.Parser.ParseFrom(first.Payload).Event.OrderId);
        // WatchOrders streams send the same bytes: they must read as its response message too.
        Assert.Equal(1, V1.WatchOrdersResponse.Parser.ParseFrom(first.Payload).Event.Revision);
        watchers.ForEach(w => w.Dispose());
        Assert.Equal(1, hub.OpenSubscriptions);
    }

    [Fact]
    public async Task Recheck_FullWatcher_NotCutOff()
    {
        var hub = new OrderEventHub();
        using var watcher = hub.WatchOrder("o1", 1);

        hub.Recheck("o1");
        hub.RecheckAll();

        Assert.True((await watcher.Events.ReadAsync()).IsRecheck);
        Assert.False(watcher.Overflowed);
    }

    [Fact]
    public void Publish_BeyondCapacity_MarksOverflowAndNeverBlocks()
    {
        var hub = new OrderEventHub();
        using var watcher = hub.WatchOrder("o1", 2);

        for (var revision = 1; revision <= 5; revision++)
        {
            hub.Publish(Event("o1", "u1", revision));
        }

        Assert.True(watcher.Overflowed);
        Assert.True(watcher.Events.Completion.IsCompleted || watcher.Events.Count == 2);
    }

    [Fact]
    public void Dispose_Watcher_Unsubscribed()
    {
        var hub = new OrderEventHub();
        var watcher = hub.WatchOrder("o1", 2);
        Assert.Equal(1, hub.OpenSubscriptions);

        watcher.Dispose();
        watcher.Dispose();

        Assert.Equal(0, hub.OpenSubscriptions);
    }

    [Fact]
    public async Task CloseAll_OpenWatchers_TheirFeedsEnd()
    {
        var hub = new OrderEventHub();
        using var watcher = hub.WatchUser("u1", 2);

        hub.CloseAll();

        await watcher.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(watcher.Overflowed);
    }

    private static OrderEvent Event(string orderId, string userId, long revision) => new()
    {
        OrderId = orderId,
        UserId = userId,
        Revision = revision,
        Status = OrderStatus.PendingPayment,
        Snapshot = new OrderSnapshot(orderId, userId, [], "EUR", 1, 0, OrderStatus.PendingPayment, revision, "", "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
    };
}
