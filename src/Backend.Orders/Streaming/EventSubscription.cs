using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Backend.Orders.Streaming;

/// <summary>
/// One watcher's queue of live events. Publishers never wait on it: when a watcher falls more
/// than its capacity behind, the queue is closed and marked <see cref="Overflowed"/>, and the
/// watcher is told to resume from the last revision it received. A caught-up order watcher may
/// go live (<see cref="TryGoLive"/>): publishers then write the next revisions to its stream
/// themselves, and hand anything else (a gap, a recheck, a flush that has to wait) back to the
/// queue for the watcher.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly WatchQueue _queue;
    private readonly OrderEventHub _hub;
    private readonly ConcurrentDictionary<string, WatcherSet> _index;
    private readonly Lock _live = new();
    private LiveFrames? _frames;
    private bool _wentLive;
    private bool _ended;
    private bool _failed;
    private long _last;
    private Task? _flushing;
    private int _overflowed;
    private int _wakeDue;

    public EventSubscription(int capacity, OrderEventHub hub, ConcurrentDictionary<string, WatcherSet> index)
    {
        (_hub, _index) = (hub, index);
        _queue = new WatchQueue(_live, capacity);
    }

    public ChannelReader<WatchEvent> Events => _queue;

    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>The watchers of the same order or user this one is linked into; null once unlinked.</summary>
    internal WatcherSet? Set { get; set; }

    internal EventSubscription? Previous { get; set; }

    internal EventSubscription? Next { get; set; }

    /// <summary>
    /// Writes the event to the stream when the watcher is live, else queues it. A live watcher
    /// whose stream the publisher hands back (the order ended, the client is slow or gone) is
    /// woken only by <see cref="WakeIfDue"/>, so that a publisher writes an order's event to all
    /// its live watchers before any of them wakes to end its stream: ending 10,000 streams does
    /// not hold up the event on the way to the last of them.
    /// </summary>
    public void Offer(WatchEvent watchEvent)
    {
        if (Volatile.Read(ref _frames) is not null && TryWriteLive(watchEvent))
        {
            return;
        }

        if (!_queue.TryWrite(watchEvent) && !watchEvent.IsRecheck && Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _queue.Complete();
        }
    }

    /// <summary>Wakes the watcher if its publisher handed its stream back (see <see cref="Offer"/>).</summary>
    public void WakeIfDue()
    {
        if (Interlocked.Exchange(ref _wakeDue, 0) == 1)
        {
            _queue.TryWrite(WatchEvent.Wake);
        }
    }

    /// <summary>
    /// Lets publishers write the revisions after <paramref name="last"/> to the stream, until
    /// <see cref="LeaveLiveAsync"/>; false while events wait in the queue for the watcher.
    /// </summary>
    public bool TryGoLive(LiveFrames frames, long last)
    {
        lock (_live)
        {
            if (_queue.Count > 0 || _queue.IsDone)
            {
                return false;
            }

            (_frames, _wentLive, _ended, _last) = (frames, true, false, last);
            return true;
        }
    }

    /// <summary>
    /// Takes the stream back from the publishers: no frame is written to it after this returns.
    /// Gives the last revision written (<paramref name="last"/> when none was) and whether it ended the order.
    /// </summary>
    public async ValueTask<(long Last, bool Ended)> LeaveLiveAsync(long last)
    {
        Task? flushing;
        bool ended, failed;
        lock (_live)
        {
            if (!_wentLive)
            {
                return (last, false);
            }

            (last, ended, failed, flushing) = (_last, _ended, _failed, _flushing);
            (_frames, _wentLive, _ended, _failed, _flushing) = (null, false, false, false, null);
        }

        if (failed)
        {
            throw new IOException("A live event could not be written to the watch stream.");
        }

        // A flush that had to wait for the client: the watcher waits for it, as it would for its own write.
        if (flushing is not null)
        {
            await flushing;
        }

        return (last, ended);
    }

    /// <summary>Ends the watch from the server side (shutdown).</summary>
    public void Close()
    {
        lock (_live)
        {
            _frames = null;
        }

        _queue.Complete();
    }

    public void Dispose() => _hub.Unsubscribe(_index, this);

    // Under the lock, so that the watcher's LeaveLiveAsync and the publishers never write at once.
    private bool TryWriteLive(WatchEvent watchEvent)
    {
        lock (_live)
        {
            if (_frames is not { } frames)
            {
                return false;
            }

            if (watchEvent.IsRecheck || watchEvent.Revision > _last + 1)
            {
                // The watcher reads the log for these: hand the stream back with the event.
                _frames = null;
                return false;
            }

            if (watchEvent.Revision <= _last)
            {
                return true;
            }

            try
            {
                frames.Write(watchEvent);
                (_last, _ended) = (watchEvent.Revision, watchEvent.IsTerminal);
                _flushing = Flush(frames, out var open);
                if (open && _flushing is null && !_ended)
                {
                    return true;
                }

                // The order ended, or the client is slow or gone: the watcher takes over.
            }
            catch (Exception)
            {
                // The stream is no longer writable (completed, aborted, reset): whatever the
                // transport throws, its watcher ends it, and the publisher and the other
                // watchers go on.
                _failed = true;
            }

            _frames = null;
        }

        Volatile.Write(ref _wakeDue, 1);
        return true;
    }

    // Null when the flush completed at once (open: the client still reads); else the flush to wait for.
    private static Task? Flush(LiveFrames frames, out bool open)
    {
        var flush = frames.FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            open = false;
            return flush.AsTask();
        }

        var result = flush.Result;
        open = !result.IsCompleted && !result.IsCanceled;
        return null;
    }
}
