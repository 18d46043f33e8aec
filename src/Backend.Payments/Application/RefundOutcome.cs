using Backend.Payments.Domain;

namespace Backend.Payments.Application;

/// <summary>A refund, its payment after it, and the hand-over this process leased to deliver at once, if any.</summary>
internal sealed record RefundOutcome(Payment Payment, Refund Refund, OutboxMessage? LeasedHandOver);
