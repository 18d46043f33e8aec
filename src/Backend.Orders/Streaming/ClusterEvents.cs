using System.Globalization;
using Backend.Orders.Data;
using Backend.Orders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Streaming;

/// <summary>
/// Tells the other host instances of a PostgreSQL deployment that an order changed, with
/// NOTIFY inside the transaction that records the change: the note goes out exactly when the
/// change commits. It names the change only; the event log stays the source of truth.
/// </summary>
internal sealed class ClusterEvents
{
    public const string Channel = "backend_order_events";

    /// <summary>This process, so that it skips its own notes (it has published them already).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Saves the change and its event; on PostgreSQL, notifies the other instances in the same transaction.</summary>
    public Task SaveAsync(OrdersDbContext db, OrderEvent orderEvent, CancellationToken cancellationToken) =>
        SaveAsync(db, [orderEvent], cancellationToken);

    /// <summary>Saves the changes and their events in one transaction; on PostgreSQL, notifies the other instances of each in it.</summary>
    public async Task SaveAsync(OrdersDbContext db, IReadOnlyList<OrderEvent> orderEvents, CancellationToken cancellationToken)
    {
        // Each event takes its place in the change feed in the same transaction.
        foreach (var orderEvent in orderEvents)
        {
            db.Changes.Add(OrderChange.Of(orderEvent));
        }

        if (!db.Database.IsNpgsql())
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var orderEvent in orderEvents)
        {
            var note = string.Join('|', InstanceId, orderEvent.OrderId, orderEvent.Revision.ToString(CultureInfo.InvariantCulture));
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {note})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public bool TryParse(string payload, out string orderId, out long revision)
    {
        var parts = payload.Split('|');
        orderId = parts.Length == 3 ? parts[1] : "";
        revision = 0;
        return parts.Length == 3 && parts[0] != InstanceId && long.TryParse(parts[2], CultureInfo.InvariantCulture, out revision);
    }
}
