using System.Threading.Channels;

namespace Backend.Orders.Streaming;

/// <summary>
/// One watcher's queue of live events. Publishers never wait on it: when a watcher falls more
/// than its capacity behind, the queue is closed and marked <see cref="Overflowed"/>, and the
/// watcher is told to resume from the last revision it received.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _queue;
    private readonly Action<EventSubscription> _unsubscribe;
    private int _overflowed;

    public EventSubscription(int capacity, Action<EventSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _queue = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<WatchEvent> Events => _queue.Reader;

    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>The watchers of the same order or user this one is linked into; null once unlinked.</summary>
    internal WatcherSet? Set { get; set; }

    internal EventSubscription? Previous { get; set; }

    internal EventSubscription? Next { get; set; }

    public void Offer(WatchEvent watchEvent)
    {
        if (!_queue.Writer.TryWrite(watchEvent) && !watchEvent.IsRecheck && Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>Ends the watch from the server side (shutdown).</summary>
    public void Close() => _queue.Writer.TryComplete();

    public void Dispose() => _unsubscribe(this);
}
