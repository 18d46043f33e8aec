using Backend.Platform.Domain;

namespace Backend.Payments.Domain;

/// <summary>One attempt to pay an order, and what was refunded of it.</summary>
public sealed class Payment
{
    public required string Id { get; init; }

    public required string OrderId { get; init; }

    public required string UserId { get; init; }

    public required string CurrencyCode { get; init; }

    public long AmountUnits { get; init; }

    public int AmountNanos { get; init; }

    public long RefundedUnits { get; set; }

    public int RefundedNanos { get; set; }

    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

    public string FailureReason { get; set; } = "";

    public required string PaymentMethod { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>Incremented by every change: refunds never race past each other.</summary>
    public long Version { get; set; } = 1;

    public Money Amount => Money.FromParts(CurrencyCode, AmountUnits, AmountNanos);

    public Money Refunded
    {
        get => Money.FromParts(CurrencyCode, RefundedUnits, RefundedNanos);
        set => (RefundedUnits, RefundedNanos) = (value.Units, value.NanoPart);
    }

    public Money Refundable => Amount.Minus(Refunded);

    public bool IsRefundable => Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded;
}
