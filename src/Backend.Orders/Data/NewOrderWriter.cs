using System.Threading.Channels;
using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;

namespace Backend.Orders.Data;

/// <summary>
/// Writes new orders in groups: every order placed while one transaction commits goes into the
/// next, so a burst of CreateOrder calls costs one commit per group rather than one per order.
/// Each caller is answered only once the transaction holding its order has committed. When a
/// group fails (a request id taken meanwhile), its orders are written one by one, so each caller
/// gets the answer its own order deserves. It runs until the host's services are disposed (after
/// the server has drained its calls), and writes whatever is queued before it ends.
/// </summary>
internal sealed class NewOrderWriter : IAsyncDisposable
{
    // Large enough to take a burst of callers in one commit; small enough that one transaction stays short.
    private const int MostPerGroup = 256;

    private readonly Channel<PendingOrder> _pending = Channel.CreateUnbounded<PendingOrder>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly ClusterEvents _cluster;
    private readonly Task _writing;

    public NewOrderWriter(ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster)
    {
        _database = database;
        _cluster = cluster;
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Completes once <paramref name="order"/> and its first event are committed.</summary>
    public Task WriteAsync(Order order, OrderEvent created, CancellationToken cancellationToken)
    {
        var pending = new PendingOrder(order, created);
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
        var group = new List<PendingOrder>(MostPerGroup);
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

    private async Task WriteGroupAsync(List<PendingOrder> group)
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

    private async Task WriteOneAsync(PendingOrder pending)
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

    // Not the callers' cancellation: once queued, an order is written whether or not its caller still waits.
    private async Task SaveAsync(List<PendingOrder> group)
    {
        await using var lease = _database.Open();
        // Every entity here is new and is not touched after it is added: there is nothing for
        // SaveChanges to detect, so it need not scan the group's hundreds of entries. Detection
        // is back on before the context returns to the pool.
        var changes = lease.Db.ChangeTracker;
        changes.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var pending in group)
            {
                lease.Db.Orders.Add(pending.Order);
                lease.Db.Events.Add(pending.Created);
            }

            await _cluster.SaveAsync(lease.Db, group.Select(p => p.Created).ToList(), CancellationToken.None);
        }
        finally
        {
            changes.AutoDetectChangesEnabled = true;
        }
    }

    private sealed record PendingOrder(Order Order, OrderEvent Created)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
