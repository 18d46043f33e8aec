using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;

namespace Backend.Orders.Data;

/// <summary>
/// Writes new orders in groups (<see cref="GroupCommit{TWrite}"/>): every order placed while one
/// transaction commits goes into the next, with its first event, so a burst of CreateOrder calls
/// costs one commit per group rather than one per order. Each caller is answered only once the
/// transaction holding its order has committed; when a group fails (a request id taken
/// meanwhile), its orders are written one by one, so each caller gets the answer its own order
/// deserves.
/// </summary>
internal sealed class NewOrderWriter : IAsyncDisposable
{
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly ClusterEvents _cluster;
    private readonly GroupCommit<(Order Order, OrderEvent Created)> _commits;

    public NewOrderWriter(ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster)
    {
        (_database, _cluster) = (database, cluster);
        _commits = new GroupCommit<(Order, OrderEvent)>(SaveAsync);
    }

    /// <summary>Completes once <paramref name="order"/> and its first event are committed.</summary>
    public Task WriteAsync(Order order, OrderEvent created, CancellationToken cancellationToken) =>
        _commits.WriteAsync((order, created), cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private async Task SaveAsync(IReadOnlyList<(Order Order, OrderEvent Created)> group)
    {
        await using var lease = _database.Open();
        // Every entity here is new and is not touched after it is added: there is nothing for
        // SaveChanges to detect, so it need not scan the group's hundreds of entries. Detection
        // is back on before the context returns to the pool.
        var changes = lease.Db.ChangeTracker;
        changes.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var (order, created) in group)
            {
                lease.Db.Orders.Add(order);
                lease.Db.Events.Add(created);
            }

            await _cluster.SaveAsync(lease.Db, group.Select(p => p.Created).ToList(), CancellationToken.None);
        }
        finally
        {
            changes.AutoDetectChangesEnabled = true;
        }
    }
}
