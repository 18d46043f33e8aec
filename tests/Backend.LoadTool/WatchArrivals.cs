using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backend.LoadTool;

/// <summary>When each watcher received each revision, for the fan-out latency.</summary>
internal sealed class WatchArrivals(int streams)
{
    private readonly ConcurrentDictionary<(string Order, long Revision), Waiter> _waiters = new();
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public void Arrived(string orderId, long revision)
    {
        var now = Stopwatch.GetTimestamp();
        if (revision == 1)
        {
            Interlocked.Increment(ref _open);
            return;
        }

        if (_waiters.TryGetValue((orderId, revision), out var waiter))
        {
            waiter.Add(now);
        }
    }

    public Task<IReadOnlyList<long>> Expect(string orderId, long revision, int watchers)
    {
        var waiter = new Waiter(Math.Min(watchers, streams));
        _waiters[(orderId, revision)] = waiter;
        return waiter.Task;
    }

    private sealed class Waiter(int expected)
    {
        private readonly ConcurrentBag<long> _arrivals = [];
        private readonly TaskCompletionSource<IReadOnlyList<long>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<long>> Task => _done.Task;

        public void Add(long timestamp)
        {
            _arrivals.Add(timestamp);
            if (_arrivals.Count >= expected)
            {
                _done.TrySetResult([.. _arrivals]);
            }
        }
    }
}
