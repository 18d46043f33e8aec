using System.Collections.Concurrent;
using System.Diagnostics;

namespace Backend.LoadTool;

/// <summary>When each watcher received each revision, for the fan-out latency.</summary>
internal sealed class WatchArrivals
{
    private readonly ConcurrentDictionary<(string Order, long Revision), Waiter> _waiters = new();
    private int _open;

    /// <summary>Streams that received their first event (revision 1): open and served.</summary>
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

    /// <summary>Waits for the given revision at every one of its watchers, or the timeout; returns the arrivals seen.</summary>
    public Waiter Expect(string orderId, long revision, int watchers) => _waiters[(orderId, revision)] = new Waiter(watchers);

    internal sealed class Waiter(int expected)
    {
        private readonly ConcurrentQueue<long> _arrivals = [];
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Expected => expected;

        public void Add(long timestamp)
        {
            _arrivals.Enqueue(timestamp);
            // Counted apart: a queue of many segments counts them under a lock.
            if (Interlocked.Increment(ref _count) >= expected)
            {
                _done.TrySetResult();
            }
        }

        public async Task<IReadOnlyList<long>> ArrivalsAsync(TimeSpan timeout)
        {
            try
            {
                await _done.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
            }

            return [.. _arrivals];
        }
    }
}
