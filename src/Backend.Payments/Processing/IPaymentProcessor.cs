using Backend.Platform.Domain;

namespace Backend.Payments.Processing;

/// <summary>
/// The payment provider. Both calls are idempotent by their key: asked twice with one key, a
/// provider charges or refunds once and answers the same. The built-in implementation is a
/// simulator; a real provider replaces it by registering another implementation.
/// </summary>
public interface IPaymentProcessor
{
    Task<ChargeResult> ChargeAsync(string key, string paymentMethod, Money amount, CancellationToken cancellationToken);

    Task RefundAsync(string key, string chargeKey, Money amount, CancellationToken cancellationToken);
}

/// <summary>A charge's outcome; a decline is an outcome, not an error.</summary>
public sealed record ChargeResult(bool Succeeded, string FailureReason)
{
    public static ChargeResult Success { get; } = new(true, "");

    public static ChargeResult Declined(string reason) => new(false, reason);
}
