namespace Backend.Orders.Domain;

/// <summary>Where an order stands; the numbers match the contract's enum.</summary>
public enum OrderStatus
{
    Unspecified = 0,
    PendingPayment = 1,
    Paid = 2,
    Shipped = 3,
    Delivered = 4,
    Cancelled = 5,
    Refunded = 6,
}
