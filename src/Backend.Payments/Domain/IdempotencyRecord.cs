namespace Backend.Payments.Domain;

/// <summary>
/// What a caller's idempotency key was first used for, and its result. The database's unique
/// key on (caller, key) makes concurrent retries agree on one first request.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string CallerId { get; init; }

    public required string Key { get; init; }

    /// <summary>A hash of the operation and its parameters: a reuse with others is refused.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The payment (CreatePayment) or refund (RefundPayment) the request produced.</summary>
    public required string ResultId { get; init; }

    public bool Completed { get; set; }

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset ExpireTime { get; init; }
}
