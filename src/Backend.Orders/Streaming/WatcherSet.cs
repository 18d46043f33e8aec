namespace Backend.Orders.Streaming;

/// <summary>
/// The watchers of one order (or one user), linked through the subscriptions themselves: joining
/// and leaving cost the same with one watcher or 100,000, and publishing walks this order's
/// watchers only, copying nothing. An emptied set is retired, so that a late joiner makes a new
/// one instead of joining a set no longer in the hub's index.
/// </summary>
internal sealed class WatcherSet(string key)
{
    private readonly Lock _lock = new();
    private EventSubscription? _first;
    private int _count;
    private bool _retired;

    public string Key { get; } = key;

    public bool TryAdd(EventSubscription subscription)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            subscription.Set = this;
            subscription.Next = _first;
            _first?.Previous = subscription;
            _first = subscription;
            _count++;
            return true;
        }
    }

    /// <summary>False when the subscription was not in this set; <paramref name="emptied"/> when it was the last.</summary>
    public bool Remove(EventSubscription subscription, out bool emptied)
    {
        lock (_lock)
        {
            emptied = false;
            if (subscription.Set != this)
            {
                return false;
            }

            subscription.Previous?.Next = subscription.Next;
            subscription.Next?.Previous = subscription.Previous;
            if (_first == subscription)
            {
                _first = subscription.Next;
            }

            (subscription.Set, subscription.Previous, subscription.Next) = (null, null, null);
            emptied = _retired = --_count == 0;
            return true;
        }
    }

    /// <summary>
    /// Hands the event to every watcher, then wakes those whose streams came back to them (an
    /// order's last event ends all its streams at once); never waits on one (see
    /// <see cref="EventSubscription.Offer"/>).
    /// </summary>
    public void Offer(WatchEvent watchEvent)
    {
        lock (_lock)
        {
            for (var watcher = _first; watcher is not null; watcher = watcher.Next)
            {
                watcher.Offer(watchEvent);
            }

            for (var watcher = _first; watcher is not null; watcher = watcher.Next)
            {
                watcher.WakeIfDue();
            }
        }
    }

    public void CloseAll()
    {
        lock (_lock)
        {
            for (var watcher = _first; watcher is not null; watcher = watcher.Next)
            {
                watcher.Close();
            }
        }
    }
}
