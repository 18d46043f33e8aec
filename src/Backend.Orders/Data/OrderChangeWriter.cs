using System.Threading.Channels;
using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;

namespace Backend.Orders.Data;

/// <summary>
/// Commits changes of existing orders made on a payment service's behalf in groups, as
/// <see cref="NewOrderWriter"/> does new orders: every change staged while one transaction
/// commits goes into the next, with its event and change-feed entry. Each caller is answered
/// only once the transaction holding its change has committed; when a group fails (a revision
/// changed meanwhile), its changes are committed one by one, so each caller gets its own answer.
/// </summary>
internal sealed class OrderChangeWriter : IAsyncDisposable
{
    private const int MostPerGroup = 256;

    private readonly Channel<PendingChange> _pending = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly ClusterEvents _cluster;
    private readonly Task _writing;

    public OrderChangeWriter(ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster)
    {
        _database = database;
        _cluster = cluster;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>
    /// Completes once the change <paramref name="stage"/> puts on a context, and its event, are
    /// committed. <paramref name="stage"/> runs once per attempt, each time on a fresh context,
    /// and must stage the same change every time (attach the order and mark what it changed).
    /// </summary>
    public Task WriteAsync(Action<OrdersDbContext> stage, OrderEvent changed, CancellationToken cancellationToken)
    {
        var pending = new PendingChange(stage, changed);
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
        var group = new List<PendingChange>(MostPerGroup);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (group.Count < MostPerGroup && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                await SaveAsync(group);
                group.ForEach(p => p.Committed.TrySetResult());
            }
            catch (Exception error)
            {
                await WriteOneByOneAsync(group, error);
            }

            group.Clear();
        }
    }

    private async Task WriteOneByOneAsync(List<PendingChange> group, Exception groupError)
    {
        if (group.Count == 1)
        {
            group[0].Committed.TrySetException(groupError);
            return;
        }

        foreach (var pending in group)
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
    }

    // Not the callers' cancellation: once queued, a change is written whether or not its caller still waits.
    private async Task SaveAsync(List<PendingChange> group)
    {
        await using var lease = _database.Open();
        foreach (var pending in group)
        {
            pending.Stage(lease.Db);
            lease.Db.Events.Add(pending.Changed);
        }

        await _cluster.SaveAsync(lease.Db, group.Select(p => p.Changed).ToList(), CancellationToken.None);
    }

    private sealed record PendingChange(Action<OrdersDbContext> Stage, OrderEvent Changed)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
