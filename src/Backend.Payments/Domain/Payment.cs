using Backend.Platform.Domain;
using Backend.Platform.Errors;

namespace Backend.Payments.Domain;

/// <summary>
/// One attempt to pay an order, and what was refunded of it. It owns its money rules: the
/// currency is fixed, refunds never add up to more than the amount, and the status follows
/// from the charge's outcome and the refunded total.
/// </summary>
public sealed class Payment
{
    public const string NotRefundable = "PAYMENT_NOT_REFUNDABLE";
    public const string RefundExceedsPayment = "REFUND_EXCEEDS_PAYMENT";

    public required string Id { get; init; }

    public required string OrderId { get; init; }

    public required string UserId { get; init; }

    public required string CurrencyCode { get; init; }

    public long AmountUnits { get; init; }

    public int AmountNanos { get; init; }

    public long RefundedUnits { get; private set; }

    public int RefundedNanos { get; private set; }

    public PaymentStatus Status { get; private set; } = PaymentStatus.Pending;

    public string FailureReason { get; private set; } = "";

    public required string PaymentMethod { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; private set; }

    /// <summary>Incremented by every change: refunds never race past each other.</summary>
    public long Version { get; private set; } = 1;

    public Money Amount => Money.FromParts(CurrencyCode, AmountUnits, AmountNanos);

    public Money Refunded => Money.FromParts(CurrencyCode, RefundedUnits, RefundedNanos);

    public Money Refundable => Amount.Minus(Refunded);

    public bool IsRefundable => Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded;

    /// <summary>A payment of <paramref name="amount"/>, recorded before the processor is asked.</summary>
    public static Payment Start(string id, string orderId, string userId, Money amount, string paymentMethod, DateTimeOffset now)
    {
        if (amount.Nanos <= 0)
        {
            throw DomainException.Invalid("amount", "must be more than zero");
        }

        return new Payment
        {
            Id = id,
            OrderId = orderId,
            UserId = userId,
            CurrencyCode = amount.CurrencyCode,
            AmountUnits = amount.Units,
            AmountNanos = amount.NanoPart,
            PaymentMethod = paymentMethod,
            CreateTime = now,
            UpdateTime = now,
        };
    }

    /// <summary>Records the processor's answer to the charge; only a pending payment has one to record.</summary>
    /// <returns>False when the outcome was recorded already (recovery and the request both finishing it).</returns>
    public bool Complete(bool succeeded, string failureReason, DateTimeOffset now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = succeeded ? PaymentStatus.Succeeded : PaymentStatus.Failed;
        FailureReason = succeeded ? "" : failureReason;
        Touch(now);
        return true;
    }

    /// <summary>
    /// Takes a refund out of the payment: <paramref name="amount"/>, or all that is left when
    /// null. Refused unless the payment succeeded and has that much left, in its own currency.
    /// </summary>
    /// <returns>The amount refunded.</returns>
    public Money Refund(Money? amount, DateTimeOffset now)
    {
        if (!IsRefundable)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, NotRefundable,
                $"Only a successful payment with money left can be refunded; this one is {Status}.");
        }

        var refund = amount ?? Refundable;
        if (refund.CurrencyCode != CurrencyCode)
        {
            throw DomainException.Invalid("amount.currency_code", $"must be {CurrencyCode}, the payment's currency");
        }

        if (refund.Nanos <= 0)
        {
            throw DomainException.Invalid("amount", "must be more than zero");
        }

        if (refund.Nanos > Refundable.Nanos)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, RefundExceedsPayment,
                $"Refunds cannot add up to more than was paid; {Refundable} is left.",
                metadata: new Dictionary<string, string> { ["refundable"] = Refundable.ToString() });
        }

        var refunded = Refunded.Plus(refund);
        (RefundedUnits, RefundedNanos) = (refunded.Units, refunded.NanoPart);
        Status = Refundable.Nanos == 0 ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        Touch(now);
        return refund;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdateTime = now;
        Version++;
    }
}
