namespace Backend.Orders.Feed;

/// <summary>
/// Wakes the feed streams of this process when a change may have committed: one published here,
/// or noted by another instance. Only a hint: the streams read the log, the source of truth.
/// A stream takes <see cref="Next"/> before it reads, so a change committed while it reads
/// wakes it again.
/// </summary>
internal sealed class FeedSignal
{
    private TaskCompletionSource _next = New();
    private volatile bool _closed;

    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Whether the process is stopping: streams end so that callers resume elsewhere.</summary>
    public bool IsClosed => _closed;

    public void Pulse() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    public void Close()
    {
        _closed = true;
        Pulse();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
