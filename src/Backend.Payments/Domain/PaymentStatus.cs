namespace Backend.Payments.Domain;

/// <summary>The outcome of a payment; the numbers match the contract's enum.</summary>
public enum PaymentStatus
{
    /// <summary>Recorded, charge not yet answered. Internal: never shown to callers.</summary>
    Pending = 100,
    Succeeded = 1,
    Failed = 2,
    PartiallyRefunded = 3,
    Refunded = 4,
}
