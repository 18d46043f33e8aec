using Backend.Platform.Domain;
using Errors = Backend.Platform.Errors;
using System.Globalization;

namespace Backend.Orders.Domain;

/// <summary>An order and where it stands. Every change goes through <see cref="OrderStateMachine"/>.</summary>
public sealed class Order
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The order's lines, fixed when it is placed.</summary>
    public IReadOnlyList<LineItem> Items { get; init; } = [];

    public required string CurrencyCode { get; init; }

    public long TotalUnits { get; init; }

    public int TotalNanos { get; init; }

    public OrderStatus Status { get; set; }

    /// <summary>1 at creation, +1 per change; the optimistic concurrency token.</summary>
    public long Revision { get; set; } = 1;

    public string PaymentId { get; set; } = "";

    public string CancelReason { get; set; } = "";

    /// <summary>How much of the payment was given back so far, in the order's currency.</summary>
    public long RefundedUnits { get; set; }

    public int RefundedNanos { get; set; }

    /// <summary>The caller's AIP-155 request id, empty when none was given.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>A fingerprint of the create request, to tell a retry from a different request with the same id.</summary>
    public string RequestFingerprint { get; init; } = "";

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; set; }

    public Money Total => Money.FromParts(CurrencyCode, TotalUnits, TotalNanos);

    public Money Refunded => Money.FromParts(CurrencyCode, RefundedUnits, RefundedNanos);

    /// <summary>
    /// Records that the payment <paramref name="paymentId"/> has been refunded
    /// <paramref name="refundedTotal"/> in all. A total at or below the recorded one changes
    /// nothing (a repeat, or a hand-over overtaken by a later one); reaching the order's total
    /// makes the order REFUNDED, anything less leaves its status as it is.
    /// </summary>
    /// <returns>Whether the order changed.</returns>
    public bool RecordRefund(string paymentId, Money refundedTotal)
    {
        // The status is checked first: an order never paid was paid by no payment.
        OrderStateMachine.RefundPart(Status);
        if (PaymentId != paymentId)
        {
            throw OrderStateMachine.NotPaidBy(paymentId);
        }

        if (refundedTotal.CurrencyCode != CurrencyCode)
        {
            throw Errors.DomainException.Invalid("refunded_amount.currency_code", $"must be {CurrencyCode}, the order's currency");
        }

        if (refundedTotal.Nanos <= Refunded.Nanos)
        {
            return false;
        }

        if (refundedTotal.Nanos > Total.Nanos)
        {
            throw Errors.DomainException.Invalid("refunded_amount", $"must be at most the order total, {Total}");
        }

        Status = refundedTotal == Total ? OrderStateMachine.Refund(Status) : OrderStateMachine.RefundPart(Status);
        (RefundedUnits, RefundedNanos) = (refundedTotal.Units, refundedTotal.NanoPart);
        return true;
    }

    public string Etag => Revision.ToString(CultureInfo.InvariantCulture);
}
