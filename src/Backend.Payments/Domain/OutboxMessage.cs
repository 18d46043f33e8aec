namespace Backend.Payments.Domain;

/// <summary>
/// A hand-over to OrderService, committed with the payment change it reports and delivered
/// until acknowledged.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }

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
}

public enum OutboxKind
{
    /// <summary>MarkOrderPaid.</summary>
    Paid = 1,

    /// <summary>MarkOrderRefunded.</summary>
    Refunded = 2,
}
