using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace Backend.Orders.Streaming;

/// <summary>
/// One watcher's bounded queue of events: any number of publishers, one reader. A bounded
/// <see cref="Channel"/> kept seven objects per watcher (about 770 bytes) while it waited; this
/// keeps one, its waiting reader is the queue itself, and its buffer is made by the first event
/// queued, so that an idle watcher (most of them) holds no buffer at all
/// (docs/decisions/0020-lean-idle-watchers.md). Publishers run under the subscription's lock.
/// </summary>
internal sealed class WatchQueue(Lock gate, int capacity) : ChannelReader<WatchEvent>, IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancelWait;
    private WatchEvent[]? _items;
    private int _head;
    private int _count;
    private bool _waiting;
    private bool _completed;
    private TaskCompletionSource? _completion;

    public override bool CanCount => true;

    public override int Count
    {
        get
        {
            lock (gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Made only when asked for: a waiting watcher does not need it.</summary>
    public override Task Completion
    {
        get
        {
            lock (gate)
            {
                _completion ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_completed && _count == 0)
                {
                    _completion.TrySetResult();
                }

                return _completion.Task;
            }
        }
    }

    /// <summary>Whether nothing more will come (completed, and nothing left to read).</summary>
    public bool IsDone
    {
        get
        {
            lock (gate)
            {
                return _completed && _count == 0;
            }
        }
    }

    /// <summary>False when the queue is full or completed.</summary>
    public bool TryWrite(WatchEvent watchEvent)
    {
        lock (gate)
        {
            if (_completed || _count == capacity)
            {
                return false;
            }

            _items ??= new WatchEvent[Math.Min(capacity, 4)];
            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = watchEvent;
            _count++;
            WakeReader(true);
            return true;
        }
    }

    /// <summary>No more events: the reader takes those queued, then learns that the queue ended.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (_count == 0)
            {
                _completion?.TrySetResult();
            }

            WakeReader(false);
        }
    }

    public override bool TryRead([MaybeNullWhen(false)] out WatchEvent item)
    {
        lock (gate)
        {
            if (_count == 0)
            {
                item = null;
                return false;
            }

            item = _items![_head];
            _items[_head] = null!;
            _head = (_head + 1) % _items.Length;
            if (--_count == 0 && _completed)
            {
                _completion?.TrySetResult();
            }

            return true;
        }
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        lock (gate)
        {
            if (_count > 0 || _completed)
            {
                return new ValueTask<bool>(_count > 0);
            }

            if (_waiting)
            {
                throw new InvalidOperationException("A watch queue has one reader.");
            }

            _waiter.Reset();
            _waiting = true;
            if (cancellationToken.CanBeCanceled)
            {
                _cancelWait = cancellationToken.UnsafeRegister(static (state, token) => ((WatchQueue)state!).CancelWait(token), this);
            }

            return new ValueTask<bool>(this, _waiter.Version);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        // Not disposed from within the callback, which may be what completed the wait.
        _cancelWait.Unregister();
        _cancelWait = default;
        return _waiter.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    private void CancelWait(CancellationToken token)
    {
        lock (gate)
        {
            if (_waiting)
            {
                _waiting = false;
                _waiter.SetException(new OperationCanceledException(token));
            }
        }
    }

    // Under the lock.
    private void WakeReader(bool itemsWaiting)
    {
        if (_waiting)
        {
            _waiting = false;
            _waiter.SetResult(itemsWaiting);
        }
    }

    // Under the lock: only a watcher that falls behind grows its queue, up to its capacity.
    private void Grow()
    {
        var grown = new WatchEvent[Math.Min(capacity, _items!.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _items[(_head + i) % _items.Length];
        }

        (_items, _head) = (grown, 0);
    }
}
