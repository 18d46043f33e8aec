using System.Data.Common;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Data;

/// <summary>
/// A payment's change of an order on SQLite as hand-written statements rather than EF Core's
/// SaveChanges, which builds each statement's SQL and parameters afresh for every row: the
/// order's status, payment, revision and update time over the revision it had, its event, and
/// the event's change-feed entry (docs/decisions/0019-hand-written-charge-writes.md). A revision
/// that no longer matches is the concurrency conflict SaveChanges would report.
/// </summary>
internal sealed class OrderChangeStatements(DbContext db)
{
    /// <summary>What a payment changes on an order: the statement's SET, and what EF Core marks modified on PostgreSQL.</summary>
    public static readonly string[] Changed = [nameof(Order.Status), nameof(Order.PaymentId), nameof(Order.Revision), nameof(Order.UpdateTime)];

    private readonly WriteStatement _updateOrder = WriteStatement.Update(
        db, typeof(Order), Changed, [nameof(Order.Id)], expected: nameof(Order.Revision));
    private readonly WriteStatement _insertEvent = WriteStatement.Insert(db, typeof(OrderEvent));
    private readonly WriteStatement _insertChange = WriteStatement.Insert(db, typeof(OrderChange));

    public async Task WriteAsync(DbTransaction transaction, Order order, long storedRevision, OrderEvent changed)
    {
        if (await _updateOrder.RunAsync(transaction, order, storedRevision, returning: false, CancellationToken.None) is not 1)
        {
            throw new DbUpdateConcurrencyException($"Order {order.Id} is no longer at revision {storedRevision}.");
        }

        await _insertEvent.RunAsync(transaction, changed, null, returning: false, CancellationToken.None);
        // Each event takes its place in the change feed in the same transaction; on SQLite the
        // entry's id alone orders the feed.
        await _insertChange.RunAsync(transaction, OrderChange.Of(changed), null, returning: true, CancellationToken.None);
    }
}
