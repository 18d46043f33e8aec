namespace Backend.Orders.Domain;

/// <summary>
/// One recorded change of an order, appended in the same transaction as the change: revision n
/// is the n-th state of the order, and <see cref="Snapshot"/> is the order right after it.
/// </summary>
public sealed class OrderEvent
{
    public required string OrderId { get; init; }

    public long Revision { get; init; }

    public required string UserId { get; init; }

    public OrderStatus Status { get; init; }

    public OrderStatus PreviousStatus { get; init; }

    public DateTimeOffset EventTime { get; init; }

    public required OrderSnapshot Snapshot { get; init; }

    public bool IsTerminal => OrderStateMachine.IsTerminal(Status);

    /// <summary>The event of <paramref name="order"/>'s current revision, which left <paramref name="previous"/>.</summary>
    public static OrderEvent After(Order order, OrderStatus previous) => new()
    {
        OrderId = order.Id,
        Revision = order.Revision,
        UserId = order.UserId,
        Status = order.Status,
        PreviousStatus = previous,
        EventTime = order.UpdateTime,
        Snapshot = OrderSnapshot.Of(order),
    };
}
