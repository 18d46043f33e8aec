using System.Threading.Channels;
using Backend.Orders.Domain;

namespace Backend.Orders.Streaming;

/// <summary>
/// One watcher's queue of live events. Publishers never wait on it: when a watcher falls more
/// than its capacity behind, the queue is closed and marked <see cref="Overflowed"/>, and the
/// watcher is told to resume from the last revision it received.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly Channel<OrderEvent> _queue;
    private readonly Action<EventSubscription> _unsubscribe;
    private int _overflowed;

    public EventSubscription(string key, int capacity, Action<EventSubscription> unsubscribe)
    {
        Key = key;
        _unsubscribe = unsubscribe;
        _queue = Channel.CreateBounded<OrderEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Key { get; }

    public ChannelReader<OrderEvent> Events => _queue.Reader;

    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    public void Offer(OrderEvent orderEvent)
    {
        if (!_queue.Writer.TryWrite(orderEvent) && Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>Ends the watch from the server side (shutdown).</summary>
    public void Close() => _queue.Writer.TryComplete();

    public void Dispose() => _unsubscribe(this);
}
