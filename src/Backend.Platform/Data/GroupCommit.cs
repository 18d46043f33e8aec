using System.Threading.Channels;

namespace Backend.Platform.Data;

/// <summary>
/// Commits the writes of concurrent callers in groups: whatever is queued while one transaction
/// commits goes into the next, so a burst of writes costs one commit per group rather than one
/// per write. Each caller is answered only once the transaction holding its write has committed.
/// When a group fails (a key taken meanwhile, a stale version), its writes are committed one by
/// one, so each caller gets the answer its own write deserves. It runs until disposed (after the
/// server has drained its calls) and writes whatever is queued before it ends.
/// </summary>
/// <typeparam name="TWrite">One caller's write, as <c>save</c> stages it.</typeparam>
public sealed class GroupCommit<TWrite> : IAsyncDisposable
{
    // Large enough to take a burst of callers in one commit; small enough that one transaction stays short.
    private const int MostPerGroup = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TWrite>, Task> _save;
    private readonly Task _writing;

    /// <param name="save">
    /// Stages the writes on a fresh unit of work and commits it in one transaction. It runs once
    /// per attempt, so it must stage each write afresh every time; it is given no cancellation,
    /// as a queued write is committed whether or not its caller still waits.
    /// </param>
    public GroupCommit(Func<IReadOnlyList<TWrite>, Task> save)
    {
        _save = save;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Completes once <paramref name="write"/> is committed, or fails with what committing it alone failed with.</summary>
    public Task WriteAsync(TWrite write, CancellationToken cancellationToken)
    {
        var pending = new Pending(write);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new OperationCanceledException("The host is stopping.");
        }

        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writing;
    }

    private async Task WriteAllAsync()
    {
        var group = new List<Pending>(MostPerGroup);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (group.Count < MostPerGroup && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            await WriteGroupAsync(group);
            group.Clear();
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            await _save(group.ConvertAll(p => p.Write));
            group.ForEach(p => p.Committed.TrySetResult());
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var pending in group)
            {
                await WriteOneAsync(pending);
            }
        }
        catch (Exception error)
        {
            group[0].Committed.TrySetException(error);
        }
    }

    private async Task WriteOneAsync(Pending pending)
    {
        try
        {
            await _save([pending.Write]);
            pending.Committed.TrySetResult();
        }
        catch (Exception error)
        {
            pending.Committed.TrySetException(error);
        }
    }

    private sealed record Pending(TWrite Write)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
