namespace Backend.Payments.Domain;

/// <summary>
/// A hand-over to OrderService, committed with the payment change it reports and delivered
/// until acknowledged.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; internal set; }

    public OutboxKind Kind { get; init; }

    public required string OrderId { get; init; }

    public required string PaymentId { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptTime { get; set; }

    /// <summary>Which dispatcher holds the message, and until when; another takes it after.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpireTime { get; set; }

    public DateTimeOffset? DeliverTime { get; set; }

    public string LastError { get; set; } = "";

    /// <summary>A hand-over of a change of <paramref name="payment"/>, due at once.</summary>
    public static OutboxMessage For(OutboxKind kind, Payment payment, DateTimeOffset now) =>
        new() { Kind = kind, OrderId = payment.OrderId, PaymentId = payment.Id, CreateTime = now, NextAttemptTime = now };
}

public enum OutboxKind
{
    /// <summary>MarkOrderPaid.</summary>
    Paid = 1,

    /// <summary>
    /// MarkOrderRefunded with the payment's refunded total, read when it is delivered (so a
    /// late delivery reports at least as much as when it was written): one per refund.
    /// </summary>
    Refunded = 2,
}
