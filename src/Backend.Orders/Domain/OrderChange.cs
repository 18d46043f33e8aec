namespace Backend.Orders.Domain;

/// <summary>
/// One entry of the change feed: the position of an <see cref="OrderEvent"/> among the changes
/// of all orders, written in the transaction that records the event. The feed is ordered by
/// (<see cref="Xid"/>, <see cref="Id"/>); see docs/decisions/0015-change-feed-positions.md.
/// </summary>
public sealed class OrderChange
{
    /// <summary>Assigned by the database as the row is inserted: increasing, never reused.</summary>
    public long Id { get; init; }

    /// <summary>
    /// On PostgreSQL the id of the transaction that wrote the entry (<c>pg_current_xact_id()</c>),
    /// set by the database; 0 on SQLite, where one writer at a time makes <see cref="Id"/> alone
    /// commit-ordered.
    /// </summary>
    public long Xid { get; init; }

    public required string OrderId { get; init; }

    public long Revision { get; init; }

    public required string UserId { get; init; }

    public OrderStatus Status { get; init; }

    /// <summary>When the change was made; entries older than the retention are removed.</summary>
    public DateTimeOffset ChangeTime { get; init; }

    public static OrderChange Of(OrderEvent orderEvent) => new()
    {
        OrderId = orderEvent.OrderId,
        Revision = orderEvent.Revision,
        UserId = orderEvent.UserId,
        Status = orderEvent.Status,
        ChangeTime = orderEvent.EventTime,
    };
}
