using System.Data.Common;
using Backend.Orders.Domain;
using Backend.Orders.Streaming;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Backend.Orders.Data;

/// <summary>
/// Commits changes of existing orders made on a payment service's behalf in groups
/// (<see cref="GroupCommit{TWrite}"/>), as <see cref="NewOrderWriter"/> does new orders: every
/// change staged while one transaction commits goes into the next, with its event and
/// change-feed entry. Each caller is answered only once the transaction holding its change has
/// committed; when a group fails (a revision changed meanwhile), its changes are committed one
/// by one, so each caller gets its own answer. On SQLite the rows are written by
/// <see cref="OrderChangeStatements"/>; on PostgreSQL by EF Core through
/// <see cref="ClusterEvents"/>, which also tells the other instances.
/// </summary>
internal sealed class OrderChangeWriter : IAsyncDisposable
{
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly ClusterEvents _cluster;
    private readonly GroupCommit<(Order Order, long StoredRevision, OrderEvent Changed)> _commits;

    // Made from the model on the first group, and used only by the writing loop.
    private OrderChangeStatements? _statements;

    public OrderChangeWriter(ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster)
    {
        (_database, _cluster) = (database, cluster);
        _commits = new GroupCommit<(Order, long, OrderEvent)>(SaveAsync);
    }

    /// <summary>
    /// Completes once the order's new status, payment, revision and update time (over
    /// <paramref name="storedRevision"/>, the revision it was read at) and its event are
    /// committed. Fails with <see cref="DbUpdateConcurrencyException"/> when the order changed meanwhile.
    /// </summary>
    public Task WriteAsync(Order order, long storedRevision, OrderEvent changed, CancellationToken cancellationToken) =>
        _commits.WriteAsync((order, storedRevision, changed), cancellationToken);

    public ValueTask DisposeAsync() => _commits.DisposeAsync();

    private async Task SaveAsync(IReadOnlyList<(Order Order, long StoredRevision, OrderEvent Changed)> group)
    {
        await using var lease = _database.Open();
        var db = lease.Db;
        if (db.Database.IsNpgsql())
        {
            foreach (var (order, storedRevision, changed) in group)
            {
                Attach(db, order, storedRevision);
                db.Events.Add(changed);
            }

            await _cluster.SaveAsync(db, group.Select(p => p.Changed).ToList(), CancellationToken.None);
            return;
        }

        var statements = _statements ??= new OrderChangeStatements(db);
        await db.QueuedWriteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            try
            {
                foreach (var (order, storedRevision, changed) in group)
                {
                    await statements.WriteAsync(transaction.GetDbTransaction(), order, storedRevision, changed);
                }
            }
            catch (DbException error)
            {
                // As SaveChanges reports it, so that callers tell a taken key by the same test.
                throw new DbUpdateException("An order change failed: " + error.Message, error);
            }

            await transaction.CommitAsync(token);
            return 0;
        }, CancellationToken.None);
    }

    private static void Attach(OrdersDbContext db, Order order, long storedRevision)
    {
        var entry = db.Entry(order);
        entry.State = EntityState.Unchanged;
        entry.Property(o => o.Revision).OriginalValue = storedRevision;
        foreach (var name in OrderChangeStatements.Changed)
        {
            entry.Property(name).IsModified = true;
        }
    }
}
