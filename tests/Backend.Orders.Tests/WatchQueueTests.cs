using Backend.Orders.Domain;
using Backend.Orders.Streaming;

namespace Backend.Orders.Tests;

public sealed class WatchQueueTests
{
    private readonly WatchQueue _queue = new(new Lock(), capacity: 10);

    [Fact]
    public void TryWrite_MoreThanTheFirstBuffer_ReadInOrderUpToCapacity()
    {
        for (var revision = 1; revision <= 11; revision++)
        {
            Assert.Equal(revision <= 10, _queue.TryWrite(Event(revision)));
        }

        var read = new List<long>();
        while (_queue.TryRead(out var next))
        {
            read.Add(next.Revision);
            if (read.Count == 3)
            {
                // Reading and writing around the end of the buffer keeps the order.
                Assert.True(_queue.TryWrite(Event(11)));
            }
        }

        Assert.Equal(Enumerable.Range(1, 11).Select(r => (long)r), read);
        Assert.Equal(0, _queue.Count);
        Assert.False(_queue.Completion.IsCompleted);
    }

    [Fact]
    public async Task WaitToReadAsync_EventWrittenLater_WakesTheReader()
    {
        var waiting = _queue.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        _queue.TryWrite(Event(1));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(_queue.TryRead(out var read));
        Assert.Equal(1, read.Revision);
    }

    [Fact]
    public async Task WaitToReadAsync_Cancelled_ThrowsAndTheNextWaitStillWakes()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = _queue.WaitToReadAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        var next = _queue.WaitToReadAsync(CancellationToken.None).AsTask();
        _queue.TryWrite(Event(1));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Complete_WithEventsQueued_ReaderTakesThemThenLearnsTheEnd()
    {
        _queue.TryWrite(Event(1));
        var waiting = _queue.WaitToReadAsync().AsTask();

        _queue.Complete();

        Assert.True(await waiting);
        Assert.False(_queue.TryWrite(Event(2)));
        Assert.False(_queue.Completion.IsCompleted);
        Assert.True(_queue.TryRead(out _));
        Assert.False(await _queue.WaitToReadAsync());
        await _queue.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static WatchEvent Event(long revision) => WatchEvent.Of(new OrderEvent
    {
        OrderId = "o1",
        UserId = "u1",
        Revision = revision,
        Status = OrderStatus.Paid,
        Snapshot = new OrderSnapshot("o1", "u1", [], "EUR", 1, 0, OrderStatus.Paid, revision, "", "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
    });
}
