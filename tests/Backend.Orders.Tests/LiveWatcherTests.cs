using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Backend.Orders.Domain;
using Backend.Orders.Streaming;

namespace Backend.Orders.Tests;

public sealed class LiveWatcherTests : IDisposable
{
    private readonly Meter _meter = new("LiveWatcherTests");
    private readonly OrderEventHub _hub = new();

    [Fact]
    public async Task Publish_LiveWatcher_NextRevisionsWrittenToItsStreamInOrder()
    {
        var body = new Pipe();
        using var watcher = _hub.WatchOrder("o1", 8);
        Assert.True(watcher.TryGoLive(Frames(body.Writer), last: 1));

        _hub.Publish(Event("o1", 2));
        _hub.Publish(Event("o1", 2));
        _hub.Publish(Event("o1", 3));

        Assert.Equal([2, 3], await ReadRevisionsAsync(body.Reader, 2));
        Assert.False(watcher.Events.TryRead(out _));
        Assert.Equal((3L, false), await watcher.LeaveLiveAsync(1));
    }

    [Fact]
    public async Task Publish_GapWhileLive_HandedBackToTheWatcher()
    {
        var body = new Pipe();
        using var watcher = _hub.WatchOrder("o1", 8);
        watcher.TryGoLive(Frames(body.Writer), last: 1);

        _hub.Publish(Event("o1", 3));
        _hub.Publish(Event("o1", 4));

        Assert.False(body.Reader.TryRead(out _));
        Assert.Equal((1L, false), await watcher.LeaveLiveAsync(1));
        Assert.Equal(3, (await watcher.Events.ReadAsync()).Revision);
        Assert.Equal(4, (await watcher.Events.ReadAsync()).Revision);
    }

    [Fact]
    public async Task Recheck_LiveWatcher_HandedBackToReadTheLog()
    {
        var body = new Pipe();
        using var watcher = _hub.WatchOrder("o1", 1);
        watcher.TryGoLive(Frames(body.Writer), last: 1);

        _hub.Recheck("o1");

        Assert.True((await watcher.Events.ReadAsync()).IsRecheck);
        Assert.Equal((1L, false), await watcher.LeaveLiveAsync(1));
        Assert.False(watcher.Overflowed);
    }

    [Fact]
    public async Task Publish_TerminalWhileLive_WrittenAndTheWatcherToldTheOrderEnded()
    {
        var body = new Pipe();
        using var watcher = _hub.WatchOrder("o1", 8);
        watcher.TryGoLive(Frames(body.Writer), last: 3);

        _hub.Publish(Event("o1", 4, OrderStatus.Delivered));

        Assert.Equal([4], await ReadRevisionsAsync(body.Reader, 1));
        Assert.True((await watcher.Events.ReadAsync()).IsWake);
        Assert.Equal((4L, true), await watcher.LeaveLiveAsync(3));
    }

    [Fact]
    public async Task Publish_TerminalToManyLiveWatchers_WrittenToEveryStreamBeforeAnyWatcherWakes()
    {
        // Each stream notes, as the event is flushed into it, whether the other watcher was already woken.
        var wokenAtFlush = new List<int>();
        using var first = _hub.WatchOrder("o1", 8);
        using var second = _hub.WatchOrder("o1", 8);
        var firstBody = new Pipe();
        var secondBody = new Pipe();
        first.TryGoLive(Frames(new NotingWriter(firstBody.Writer, () => wokenAtFlush.Add(second.Events.Count))), last: 3);
        second.TryGoLive(Frames(new NotingWriter(secondBody.Writer, () => wokenAtFlush.Add(first.Events.Count))), last: 3);

        _hub.Publish(Event("o1", 4, OrderStatus.Delivered));

        Assert.Equal([0, 0], wokenAtFlush);
        Assert.Equal([4], await ReadRevisionsAsync(firstBody.Reader, 1));
        Assert.Equal([4], await ReadRevisionsAsync(secondBody.Reader, 1));
        Assert.True((await first.Events.ReadAsync()).IsWake);
        Assert.True((await second.Events.ReadAsync()).IsWake);
        Assert.Equal((4L, true), await first.LeaveLiveAsync(3));
        Assert.Equal((4L, true), await second.LeaveLiveAsync(3));
    }

    [Fact]
    public async Task Publish_ClientNotReading_WatcherWaitsForTheFlushAndTakesTheNextEvents()
    {
        // The body takes one frame before its writer has to wait for the client.
        var body = new Pipe(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8));
        using var watcher = _hub.WatchOrder("o1", 8);
        watcher.TryGoLive(Frames(body.Writer), last: 1);

        _hub.Publish(Event("o1", 2));
        _hub.Publish(Event("o1", 3));

        Assert.True((await watcher.Events.ReadAsync()).IsWake);
        var leaving = watcher.LeaveLiveAsync(1).AsTask();
        Assert.False(leaving.IsCompleted);
        Assert.Equal([2], await ReadRevisionsAsync(body.Reader, 1));
        Assert.Equal((2L, false), await leaving.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, (await watcher.Events.ReadAsync()).Revision);
    }

    [Fact]
    public async Task Close_LiveWatcher_NothingWrittenAfter()
    {
        var body = new Pipe();
        using var watcher = _hub.WatchOrder("o1", 8);
        watcher.TryGoLive(Frames(body.Writer), last: 1);

        _hub.CloseAll();
        _hub.Publish(Event("o1", 2));

        Assert.False(body.Reader.TryRead(out _));
        Assert.False(await watcher.Events.WaitToReadAsync());
        Assert.False(watcher.TryGoLive(Frames(body.Writer), last: 1));
    }

    public void Dispose() => _meter.Dispose();

    private LiveFrames Frames(PipeWriter body) => new(body, _meter.CreateCounter<long>("delivered"));

    // Reads gRPC messages (5-byte prefix, then a WatchOrderResponse) until it has the count asked.
    private static async Task<List<long>> ReadRevisionsAsync(PipeReader reader, int count)
    {
        var revisions = new List<long>();
        while (revisions.Count < count)
        {
            var read = await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var buffer = read.Buffer;
            while (buffer.Length >= 5)
            {
                var prefix = buffer.Slice(0, 5).ToArray();
                var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1));
                if (buffer.Length < 5 + length)
                {
                    break;
                }

                Assert.Equal(0, prefix[0]);
                revisions.Add(V1.WatchOrderResponse.Parser.ParseFrom(buffer.Slice(5, length)).Event.Revision);
                buffer = buffer.Slice(5 + length);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return revisions;
    }

    // A stream body that runs a check each time it is flushed.
    private sealed class NotingWriter(PipeWriter inner, Action onFlush) : PipeWriter
    {
        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            onFlush();
            return inner.FlushAsync(cancellationToken);
        }
    }

    private static OrderEvent Event(string orderId, long revision, OrderStatus status = OrderStatus.Paid) => new()
    {
        OrderId = orderId,
        UserId = "u1",
        Revision = revision,
        Status = status,
        Snapshot = new OrderSnapshot(orderId, "u1", [], "EUR", 1, 0, status, revision, "", "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
    };
}
