namespace Backend.Orders.Domain;

/// <summary>An order frozen at one revision, as kept in its event.</summary>
public sealed record OrderSnapshot(
    string Id,
    string UserId,
    IReadOnlyList<LineItemSnapshot> Items,
    string CurrencyCode,
    long TotalUnits,
    int TotalNanos,
    OrderStatus Status,
    long Revision,
    string PaymentId,
    string CancelReason,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    long RefundedUnits = 0,
    int RefundedNanos = 0)
{
    public static OrderSnapshot Of(Order order) => new(
        order.Id,
        order.UserId,
        order.Items.OrderBy(i => i.Position).Select(i => new LineItemSnapshot(i.Sku, i.Quantity, i.UnitPriceUnits, i.UnitPriceNanos)).ToList(),
        order.CurrencyCode,
        order.TotalUnits,
        order.TotalNanos,
        order.Status,
        order.Revision,
        order.PaymentId,
        order.CancelReason,
        order.CreateTime,
        order.UpdateTime,
        order.RefundedUnits,
        order.RefundedNanos);
}

public sealed record LineItemSnapshot(string Sku, int Quantity, long UnitPriceUnits, int UnitPriceNanos);
