using System.Collections.Concurrent;
using Backend.Orders.Domain;
using Backend.Orders.Feed;

namespace Backend.Orders.Streaming;

/// <summary>
/// Fans committed order events out to the watchers in this process, by order and by user. An
/// event is encoded once, and only when someone watches it; its watchers are found by key and
/// handed the same bytes. Publishing never blocks on a watcher.
/// </summary>
internal sealed class OrderEventHub
{
    private readonly ConcurrentDictionary<string, WatcherSet> _byOrder = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WatcherSet> _byUser = new(StringComparer.Ordinal);
    private int _open;
    private volatile bool _closed;

    /// <summary>Wakes the change feed's streams (WatchOrderChanges) at every change.</summary>
    public FeedSignal Feed { get; } = new();

    /// <summary>How many watch streams are open in this process.</summary>
    public int OpenSubscriptions => Volatile.Read(ref _open);

    public EventSubscription WatchOrder(string orderId, int capacity) => Subscribe(_byOrder, orderId, capacity);

    public EventSubscription WatchUser(string userId, int capacity) => Subscribe(_byUser, userId, capacity);

    public void Publish(OrderEvent orderEvent)
    {
        Feed.Pulse();
        _byOrder.TryGetValue(orderEvent.OrderId, out var orderWatchers);
        _byUser.TryGetValue(orderEvent.UserId, out var userWatchers);
        if (orderWatchers is null && userWatchers is null)
        {
            return;
        }

        var encoded = WatchEvent.Of(orderEvent);
        orderWatchers?.Offer(encoded);
        userWatchers?.Offer(encoded);
    }

    /// <summary>Tells the watchers of an order to read its log: a change to it may not have been published here.</summary>
    public void Recheck(string orderId)
    {
        Feed.Pulse();
        if (_byOrder.TryGetValue(orderId, out var watchers))
        {
            watchers.Offer(WatchEvent.Recheck);
        }
    }

    /// <summary>Tells every order watcher to read its log (after notes from other instances may have been lost).</summary>
    public void RecheckAll()
    {
        Feed.Pulse();
        foreach (var watchers in _byOrder.Values)
        {
            watchers.Offer(WatchEvent.Recheck);
        }
    }

    /// <summary>Closes every open watch and any opened later, so that streams end when the process stops.</summary>
    public void CloseAll()
    {
        _closed = true;
        Feed.Close();
        foreach (var watchers in _byOrder.Values.Concat(_byUser.Values))
        {
            watchers.CloseAll();
        }
    }

    private EventSubscription Subscribe(ConcurrentDictionary<string, WatcherSet> index, string key, int capacity)
    {
        var subscription = new EventSubscription(capacity, this, index);
        for (var set = index.GetOrAdd(key, static k => new WatcherSet(k)); !set.TryAdd(subscription); set = index.GetOrAdd(key, static k => new WatcherSet(k)))
        {
            // The set was emptied and retired between the look-up and the join: out with it.
            index.TryRemove(KeyValuePair.Create(key, set));
        }

        Interlocked.Increment(ref _open);
        if (_closed)
        {
            subscription.Close();
        }

        return subscription;
    }

    public void Unsubscribe(ConcurrentDictionary<string, WatcherSet> index, EventSubscription subscription)
    {
        if (subscription.Set is not { } set || !set.Remove(subscription, out var emptied))
        {
            return;
        }

        if (emptied)
        {
            index.TryRemove(KeyValuePair.Create(set.Key, set));
        }

        Interlocked.Decrement(ref _open);
    }
}
