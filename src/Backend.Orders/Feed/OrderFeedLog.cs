using Backend.Orders.Data;
using Backend.Orders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Backend.Orders.Feed;

/// <summary>
/// Reads the change feed from the database. On PostgreSQL only entries written by transactions
/// older than every transaction still running (below the reading snapshot's xmin) are read: no
/// entry can commit later at a position before them. On SQLite one writer at a time makes every
/// committed entry final, and the entry id alone is the position (Xid is always 0 there). See
/// docs/decisions/0015-change-feed-positions.md.
/// </summary>
internal static class OrderFeedLog
{
    // The oldest transaction id still running when this statement's snapshot was taken.
    private const string SnapshotXmin = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="after"/>, in feed order.</summary>
    public static async Task<IReadOnlyList<FeedEntry>> ReadAsync(
        OrdersDbContext db, FeedCursor after, string? userId, int limit, CancellationToken cancellationToken)
    {
        var changes = FinalAfter(db, after);
        if (userId is not null)
        {
            changes = changes.Where(c => c.UserId == userId);
        }

        var page = changes.OrderBy(c => c.Xid).ThenBy(c => c.Id).Take(limit);
        var rows = await (
                from c in page
                join e in db.Events on new { c.OrderId, c.Revision } equals new { e.OrderId, e.Revision }
                select new { c.Xid, c.Id, Event = e })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Xid).ThenBy(r => r.Id).Select(r => new FeedEntry(new FeedCursor(r.Xid, r.Id), r.Event)).ToList();
    }

    /// <summary>
    /// Whether changes after <paramref name="after"/> have committed but are held back, behind a
    /// transaction that is still running: worth reading again soon rather than waiting for a note.
    /// </summary>
    public static async Task<bool> HasHeldBackAsync(OrdersDbContext db, FeedCursor after, string? userId, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return false;
        }

        var sql = "SELECT * FROM " + Table(db) + " WHERE (\"Xid\", \"Id\") > ({0}, {1}) AND \"Xid\" >= " + SnapshotXmin;
        var held = db.Changes.FromSqlRaw(sql, after.Xid, after.Id);
        return await (userId is null ? held : held.Where(c => c.UserId == userId)).AnyAsync(cancellationToken);
    }

    /// <summary>The last position removed by pruning; <see cref="FeedCursor.Start"/> when none was.</summary>
    public static async Task<FeedCursor> HorizonAsync(OrdersDbContext db, CancellationToken cancellationToken)
    {
        var horizon = await db.FeedHorizon.AsNoTracking().FirstOrDefaultAsync(h => h.Id == FeedHorizon.SingleId, cancellationToken);
        return horizon is null ? FeedCursor.Start : new FeedCursor(horizon.Xid, horizon.ChangeId);
    }

    /// <summary>The entries after <paramref name="after"/> that no later writer can precede.</summary>
    public static IQueryable<OrderChange> FinalAfter(OrdersDbContext db, FeedCursor after)
    {
        if (!db.Database.IsNpgsql())
        {
            return db.Changes.Where(c => c.Id > after.Id);
        }

        // A row comparison, so that the (Xid, Id) index serves it as one range.
        var sql = "SELECT * FROM " + Table(db) + " WHERE (\"Xid\", \"Id\") > ({0}, {1}) AND \"Xid\" < " + SnapshotXmin;
        return db.Changes.FromSqlRaw(sql, after.Xid, after.Id);
    }

    private static string Table(OrdersDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(OrderChange))!;
        var schema = entity.GetSchema();
        return schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
    }
}
