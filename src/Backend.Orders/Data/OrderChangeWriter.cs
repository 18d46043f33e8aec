using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;

namespace Backend.Orders.Data;

/// <summary>
/// Commits changes of existing orders made on a payment service's behalf in groups
/// (<see cref="GroupCommit{TWrite}"/>), as <see cref="NewOrderWriter"/> does new orders: every
/// change staged while one transaction commits goes into the next, with its event and
/// change-feed entry. Each caller is answered only once the transaction holding its change has
/// committed; when a group fails (a revision changed meanwhile), its changes are committed one
/// by one, so each caller gets its own answer.
/// </summary>
internal sealed class OrderChangeWriter : IAsyncDisposable
{
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly ClusterEvents _cluster;
    private readonly GroupCommit<(Action<OrdersDbContext> Stage, OrderEvent Changed)> _commits;

    public OrderChangeWriter(ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster)
    {
        (_database, _cluster) = (database, cluster);
        _commits = new GroupCommit<(Action<OrdersDbContext>, OrderEvent)>(SaveAsync);
    }

    /// <summary>
    /// Completes once the change <paramref name="stage"/> puts on a context, and its event, are
    /// committed. <paramref name="stage"/> runs once per attempt, each time on a fresh context,
    /// and must stage the same change every time (attach the order and mark what it changed).
    /// </summary>
    public Task WriteAsync(Action<OrdersDbContext> stage, OrderEvent changed, CancellationToken cancellationToken) =>
        _commits.WriteAsync((stage, changed), cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private async Task SaveAsync(IReadOnlyList<(Action<OrdersDbContext> Stage, OrderEvent Changed)> group)
    {
        await using var lease = _database.Open();
        foreach (var (stage, changed) in group)
        {
            stage(lease.Db);
            lease.Db.Events.Add(changed);
        }

        await _cluster.SaveAsync(lease.Db, group.Select(p => p.Changed).ToList(), CancellationToken.None);
    }
}
