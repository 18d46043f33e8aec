using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Outbox;
using Backend.Payments.Processing;
using Backend.Payments.Settlement;
using Backend.Platform.Data;
using Backend.Platform.Domain;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Backend.Payments.Application;

/// <summary>
/// Charges. Money is never taken twice: a payment is recorded (pending) before the processor is
/// asked, under unique keys that concurrent requests cannot both pass, and its outcome commits
/// with the idempotency record and the hand-over to OrderService.
/// </summary>
internal sealed class Charges(
    ServiceDatabase<PaymentsDbContext> database,
    IdempotencyKeys keys,
    IOrderSettlement orders,
    IPaymentProcessor processor,
    OutboxClaims claims,
    PaymentWriter writer,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Charges for an order once per idempotency key. The outcome carries the hand-over to
    /// OrderService when this call committed one, leased to this process to deliver at once.
    /// </summary>
    public async Task<ChargeOutcome> CreateAsync(
        string orderId, Money amount, string paymentMethod, string idempotencyKey, Caller caller, CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Of("CreatePayment", orderId, amount.ToString(), paymentMethod);
        if (await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken) is { } earlier)
        {
            return new ChargeOutcome(await LoadAsync(earlier, cancellationToken), null);
        }

        var order = await orders.GetOrderAsync(orderId, cancellationToken);
        if (!caller.CanActFor(order.UserId))
        {
            throw DomainException.NotFound("order", orderId);
        }

        if (order.Status != Orders.V1.OrderStatus.PendingPayment)
        {
            // A concurrent request with this key may have just paid it: that is this request's answer.
            if (await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken) is { } concurrent)
            {
                return new ChargeOutcome(await LoadAsync(concurrent, cancellationToken), null);
            }

            throw new DomainException(ErrorKind.FailedPrecondition, "ORDER_NOT_PAYABLE", $"The order is {order.Status}; only an order waiting for payment can be paid.",
                metadata: new Dictionary<string, string> { ["order_status"] = order.Status.ToString() });
        }

        if (amount != order.Total)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, "AMOUNT_MISMATCH", $"The amount must equal the order total, {order.Total}.",
                metadata: new Dictionary<string, string> { ["order_total"] = order.Total.ToString() });
        }

        var payment = Payment.Start(ResourceIds.New(timeProvider), orderId, order.UserId, amount, paymentMethod, timeProvider.Now());
        var record = keys.NewRecord(caller.UserId, idempotencyKey, fingerprint, payment.Id);
        try
        {
            await writer.StartChargeAsync(payment, record, cancellationToken);
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            // Either a concurrent retry with the same key got there first, or another
            // payment of this order is in flight or done.
            if (await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken) is { } first)
            {
                return new ChargeOutcome(await LoadAsync(first, cancellationToken), null);
            }

            throw new DomainException(ErrorKind.FailedPrecondition, "ORDER_ALREADY_BEING_PAID",
                "Another payment of this order is in progress or has succeeded.");
        }

        // The processor is asked only once the pending payment is recorded; its key is the
        // payment id, so recovery after a crash asks again without charging twice.
        var result = await processor.ChargeAsync(payment.Id, paymentMethod, amount, CancellationToken.None);
        return await CompleteStartedAsync(payment, record, result);
    }

    /// <summary>
    /// Finishes a charge this request started, with the payment and idempotency record it wrote
    /// still in hand: no reads, and the write joins the next group. When the stored payment is
    /// no longer the one in hand (recovery finished it meanwhile) it finishes from what is stored.
    /// </summary>
    private async Task<ChargeOutcome> CompleteStartedAsync(Payment payment, IdempotencyRecord record, ChargeResult result)
    {
        var stored = payment.Version;
        var now = timeProvider.Now();
        payment.Complete(result.Succeeded, result.FailureReason, now);
        record.Completed = true;
        var handOver = result.Succeeded ? NewHandOver(payment, now, leaseHandOver: true) : null;
        try
        {
            await writer.FinishChargeAsync(payment, stored, record, handOver, CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await CompleteAsync(payment.Id, result, CancellationToken.None, leaseHandOver: true);
        }

        return new ChargeOutcome(payment, handOver is { LeaseOwner: not null } ? handOver : null);
    }

    /// <summary>
    /// Finishes a charge the processor answered: the outcome, the idempotency record and the
    /// hand-over commit together. With <paramref name="leaseHandOver"/>, the hand-over is leased
    /// to this process, which delivers it next.
    /// </summary>
    public async Task<ChargeOutcome> CompleteAsync(string paymentId, ChargeResult result, CancellationToken cancellationToken, bool leaseHandOver = false)
    {
        await using var lease = database.Open();
        var payment = await lease.Db.Payments.FirstAsync(p => p.Id == paymentId, cancellationToken);
        var now = timeProvider.Now();
        if (!payment.Complete(result.Succeeded, result.FailureReason, now))
        {
            return new ChargeOutcome(payment, null);
        }

        await IdempotencyKeys.CompleteAsync(lease.Db, paymentId, cancellationToken);
        OutboxMessage? leased = null;
        if (result.Succeeded)
        {
            var handOver = NewHandOver(payment, now, leaseHandOver);
            leased = handOver.LeaseOwner is null ? null : handOver;
            lease.Db.Outbox.Add(handOver);
        }

        try
        {
            await lease.Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Recovery finished it first.
            return new ChargeOutcome(await LoadAsync(paymentId, cancellationToken), null);
        }

        return new ChargeOutcome(payment, leased);
    }

    private OutboxMessage NewHandOver(Payment payment, DateTimeOffset now, bool leaseHandOver)
    {
        var handOver = OutboxMessage.For(OutboxKind.Paid, payment, now);
        if (leaseHandOver)
        {
            claims.Lease(handOver, now);
        }

        return handOver;
    }

    public async Task<Payment> LoadAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        return await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == paymentId, cancellationToken);
    }
}
