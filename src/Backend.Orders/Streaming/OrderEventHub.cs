using Backend.Orders.Domain;

namespace Backend.Orders.Streaming;

/// <summary>
/// Fans committed order events out to the watchers in this process, by order and by user.
/// Publishing walks an immutable snapshot of the watchers and never blocks; subscribing copies
/// the snapshot under a lock.
/// </summary>
internal sealed class OrderEventHub
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EventSubscription[]> _byOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventSubscription[]> _byUser = new(StringComparer.Ordinal);
    private int _open;
    private bool _closed;

    /// <summary>How many watch streams are open in this process.</summary>
    public int OpenSubscriptions => Volatile.Read(ref _open);

    public EventSubscription WatchOrder(string orderId, int capacity) => Subscribe(_byOrder, orderId, capacity);

    public EventSubscription WatchUser(string userId, int capacity) => Subscribe(_byUser, userId, capacity);

    public void Publish(OrderEvent orderEvent)
    {
        EventSubscription[]? orderWatchers;
        EventSubscription[]? userWatchers;
        lock (_lock)
        {
            _byOrder.TryGetValue(orderEvent.OrderId, out orderWatchers);
            _byUser.TryGetValue(orderEvent.UserId, out userWatchers);
        }

        foreach (var watcher in orderWatchers ?? [])
        {
            watcher.Offer(orderEvent);
        }

        foreach (var watcher in userWatchers ?? [])
        {
            watcher.Offer(orderEvent);
        }
    }

    /// <summary>Closes every open watch and any opened later, so that streams end when the process stops.</summary>
    public void CloseAll()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var watcher in _byOrder.Values.Concat(_byUser.Values).SelectMany(w => w))
            {
                watcher.Close();
            }
        }
    }

    private EventSubscription Subscribe(Dictionary<string, EventSubscription[]> index, string key, int capacity)
    {
        var subscription = new EventSubscription(key, capacity, s => Unsubscribe(index, s));
        lock (_lock)
        {
            if (_closed)
            {
                subscription.Close();
            }

            index[key] = index.TryGetValue(key, out var current) ? [.. current, subscription] : [subscription];
        }

        Interlocked.Increment(ref _open);
        return subscription;
    }

    private void Unsubscribe(Dictionary<string, EventSubscription[]> index, EventSubscription subscription)
    {
        lock (_lock)
        {
            if (!index.TryGetValue(subscription.Key, out var current) || Array.IndexOf(current, subscription) < 0)
            {
                return;
            }

            var remaining = current.Where(s => s != subscription).ToArray();
            if (remaining.Length == 0)
            {
                index.Remove(subscription.Key);
            }
            else
            {
                index[subscription.Key] = remaining;
            }
        }

        Interlocked.Decrement(ref _open);
    }
}
