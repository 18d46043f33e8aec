using Backend.Payments.Domain;

namespace Backend.Payments.Application;

/// <summary>A charge's payment, and the hand-over this process leased to deliver at once, if any.</summary>
internal sealed record ChargeOutcome(Payment Payment, OutboxMessage? LeasedHandOver);
