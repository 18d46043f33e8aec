using Backend.Orders.V1;
using Backend.Platform.Domain;

namespace Backend.Payments.Settlement;

/// <summary>An order as PaymentService sees it.</summary>
public sealed record SettlementOrder(string Id, string UserId, OrderStatus Status, Money Total)
{
    public static SettlementOrder From(Order order) =>
        new(order.Id, order.UserId, order.Status, Money.FromParts(order.Total.CurrencyCode, order.Total.Units, order.Total.Nanos));
}
