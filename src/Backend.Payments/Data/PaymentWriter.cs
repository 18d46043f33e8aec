using System.Threading.Channels;
using Backend.Platform.Data;

namespace Backend.Payments.Data;

/// <summary>
/// Commits the payment service's hot writes in groups: whatever concurrent callers stage while
/// one transaction commits goes into the next, so a burst of charges costs one commit per group
/// rather than one per write. Each caller is answered only once the transaction holding its
/// changes has committed. When a group fails (a unique key taken, a stale version), its writes
/// are committed one by one, so each caller gets the answer its own changes deserve. It runs
/// until the host's services are disposed, and writes whatever is queued before it ends
/// (docs/decisions/0016-grouped-payment-writes.md).
/// </summary>
internal sealed class PaymentWriter : IAsyncDisposable
{
    // Large enough to take a burst of callers in one commit; small enough that one transaction stays short.
    private const int MostPerGroup = 256;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ServiceDatabase<PaymentsDbContext> _database;
    private readonly Task _writing;

    public PaymentWriter(ServiceDatabase<PaymentsDbContext> database)
    {
        _database = database;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>
    /// Completes once the changes <paramref name="stage"/> puts on a context are committed, or
    /// fails with what committing them alone failed with. <paramref name="stage"/> runs on the
    /// writer, once per attempt and each time on a fresh context, so it must stage the same
    /// changes every time (create what is inserted anew, attach what is updated).
    /// </summary>
    public Task WriteAsync(Action<PaymentsDbContext> stage, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(stage);
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
        var group = new List<PendingWrite>(MostPerGroup);
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

    private async Task WriteGroupAsync(List<PendingWrite> group)
    {
        try
        {
            await SaveAsync(group);
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

    private async Task WriteOneAsync(PendingWrite pending)
    {
        try
        {
            await SaveAsync([pending]);
            pending.Committed.TrySetResult();
        }
        catch (Exception error)
        {
            pending.Committed.TrySetException(error);
        }
    }

    // Not the callers' cancellation: once queued, a write is committed whether or not its caller still waits.
    private async Task SaveAsync(List<PendingWrite> group)
    {
        await using var lease = _database.Open();
        foreach (var pending in group)
        {
            pending.Stage(lease.Db);
        }

        await lease.Db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed record PendingWrite(Action<PaymentsDbContext> Stage)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
