using Backend.Platform.Domain;

namespace Backend.Payments.Domain;

/// <summary>Money given back from a payment.</summary>
public sealed class Refund
{
    public required string Id { get; init; }

    public required string PaymentId { get; init; }

    public required string CurrencyCode { get; init; }

    public long AmountUnits { get; init; }

    public int AmountNanos { get; init; }

    public string Reason { get; init; } = "";

    /// <summary>Whether OrderService is told once this refund empties the payment (not for an order that was never paid).</summary>
    public bool NotifyOrder { get; init; } = true;

    /// <summary>False while the processor has not confirmed it; recovery finishes such refunds.</summary>
    public bool Completed { get; set; }

    public DateTimeOffset CreateTime { get; init; }

    public Money Amount => Money.FromParts(CurrencyCode, AmountUnits, AmountNanos);
}
