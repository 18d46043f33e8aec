using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Outbox;
using Backend.Payments.Processing;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Payments.Application;

/// <summary>
/// Refunds: reserved out of the payment first (so concurrent refunds cannot add up to more
/// than was paid), then confirmed with the processor and recorded with their hand-over.
/// </summary>
internal sealed class Refunds(
    ServiceDatabase<PaymentsDbContext> database,
    IdempotencyKeys keys,
    RefundPolicy policy,
    IPaymentProcessor processor,
    OutboxClaims claims,
    TimeProvider timeProvider)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Refunds once per idempotency key, if <see cref="RefundPolicy"/> lets the caller. The
    /// outcome carries the hand-over to OrderService when this call committed one, leased to this
    /// process to deliver at once.
    /// </summary>
    public async Task<RefundOutcome> RefundAsync(
        string paymentId, Money? amount, string idempotencyKey, string reason, Caller caller, CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Of("RefundPayment", paymentId, amount?.ToString() ?? "rest", reason);
        if (await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken) is { } earlier)
        {
            return await LoadAsync(earlier, cancellationToken);
        }

        await policy.CheckAsync(paymentId, reason, caller, cancellationToken);
        var refund = await ReserveAsync(paymentId, amount, reason, caller,
            refundId => keys.NewRecord(caller.UserId, idempotencyKey, fingerprint, refundId), cancellationToken);
        if (refund is null)
        {
            // A concurrent retry with the same key reserved it.
            return await LoadAsync(
                await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken)
                ?? throw new InvalidOperationException("The refund holding the idempotency key vanished."),
                cancellationToken);
        }

        var leased = await FinishAsync(refund.Id, CancellationToken.None, leaseHandOver: true);
        return await LoadAsync(refund.Id, cancellationToken) with { LeasedHandOver = leased };
    }

    /// <summary>
    /// Gives the whole payment back without telling OrderService: for a payment that succeeded
    /// for an order cancelled in the meantime, which stays cancelled.
    /// </summary>
    public async Task RefundUnpayableAsync(string paymentId, CancellationToken cancellationToken)
    {
        var system = new Caller("payments", PlatformRoles.Admin);
        var refund = await ReserveAsync(paymentId, null, "order_not_payable", system, _ => null, cancellationToken, notifyOrder: false);
        if (refund is not null)
        {
            await FinishAsync(refund.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Confirms a reserved refund with the processor and records it, with its hand-over to
    /// OrderService; with <paramref name="leaseHandOver"/>, leased to this process, which
    /// delivers it next (then returned).
    /// </summary>
    public async Task<OutboxMessage?> FinishAsync(string refundId, CancellationToken cancellationToken, bool leaseHandOver = false)
    {
        Refund refund;
        await using (var lease = database.Open())
        {
            refund = await lease.Db.Refunds.AsNoTracking().FirstAsync(r => r.Id == refundId, cancellationToken);
        }

        if (refund.Completed)
        {
            return null;
        }

        await processor.RefundAsync(refund.Id, refund.PaymentId, refund.Amount, cancellationToken);
        await using (var lease = database.Open())
        {
            var stored = await lease.Db.Refunds.FirstAsync(r => r.Id == refundId, cancellationToken);
            var payment = await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
            stored.Completed = true;
            await IdempotencyKeys.CompleteAsync(lease.Db, refundId, cancellationToken);
            OutboxMessage? leased = null;
            if (refund.NotifyOrder)
            {
                var now = timeProvider.Now();
                var handOver = OutboxMessage.For(OutboxKind.Refunded, payment, now);
                if (leaseHandOver && claims.Lease(handOver, now))
                {
                    leased = handOver;
                }

                lease.Db.Outbox.Add(handOver);
            }

            await lease.Db.SaveChangesAsync(cancellationToken);
            return leased;
        }
    }

    /// <summary>
    /// What OrderService is told a payment's refunds add up to: the confirmed refunds it is to
    /// hear of; null when there are none. It only grows, so a hand-over delivered late reports at
    /// least what it was written for.
    /// </summary>
    public async Task<Money?> HandedOverTotalAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var refunds = await lease.Db.Refunds.AsNoTracking()
            .Where(r => r.PaymentId == paymentId && r.Completed && r.NotifyOrder)
            .ToListAsync(cancellationToken);
        return refunds.Count == 0 ? null : refunds.Skip(1).Aggregate(refunds[0].Amount, (sum, r) => sum.Plus(r.Amount));
    }

    private async Task<RefundOutcome> LoadAsync(string refundId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var refund = await lease.Db.Refunds.AsNoTracking().FirstAsync(r => r.Id == refundId, cancellationToken);
        var payment = await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
        return new RefundOutcome(payment, refund, null);
    }

    /// <summary>
    /// Takes the refund out of the payment (optimistically, retried on a concurrent change) and
    /// records it as pending. Null when a concurrent request with the same idempotency key won.
    /// </summary>
    private async Task<Refund?> ReserveAsync(
        string paymentId, Money? amount, string reason, Caller caller, Func<string, IdempotencyRecord?> record, CancellationToken cancellationToken,
        bool notifyOrder = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var lease = database.Open();
            var payment = await lease.Db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId && p.Status != PaymentStatus.Pending, cancellationToken);
            if (payment is null || !caller.CanActFor(payment.UserId))
            {
                throw DomainException.NotFound(PaymentDesk.PaymentResource, paymentId);
            }

            var now = timeProvider.Now();
            var refundAmount = payment.Refund(amount, now);
            var refund = new Refund
            {
                Id = ResourceIds.New(timeProvider),
                PaymentId = paymentId,
                CurrencyCode = refundAmount.CurrencyCode,
                AmountUnits = refundAmount.Units,
                AmountNanos = refundAmount.NanoPart,
                Reason = reason,
                NotifyOrder = notifyOrder,
                CreateTime = now,
            };
            lease.Db.Refunds.Add(refund);
            if (record(refund.Id) is { } idempotency)
            {
                lease.Db.IdempotencyRecords.Add(idempotency);
            }

            try
            {
                await lease.Db.SaveChangesAsync(cancellationToken);
                return refund;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another refund changed the payment: decide again on the fresh amounts.
                if (attempt == MaxAttempts)
                {
                    throw new DomainException(ErrorKind.Aborted, "CONCURRENT_REFUNDS",
                        "The payment is being refunded by other requests; retry with the same idempotency key.");
                }
            }
            catch (DbUpdateException error) when (error.IsUniqueViolation())
            {
                return null;
            }
        }
    }
}
