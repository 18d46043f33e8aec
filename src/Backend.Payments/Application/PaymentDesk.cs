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
/// Charges and refunds. Money is never taken twice: a payment is recorded (pending) before the
/// processor is asked, under unique keys that concurrent requests cannot both pass, and its
/// outcome commits with the idempotency record and the hand-over to OrderService.
/// </summary>
internal sealed class PaymentDesk(
    ServiceDatabase<PaymentsDbContext> database,
    IdempotencyKeys keys,
    OrderGateway orders,
    IPaymentProcessor processor,
    OutboxClaims claims,
    TimeProvider timeProvider)
{
    private const string PaymentResource = "payment";
    private const int MaxAttempts = 5;

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

        var order = await orders.GetAsync(orderId, cancellationToken);
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

        var total = Money.FromParts(order.Total.CurrencyCode, order.Total.Units, order.Total.Nanos);
        if (amount != total)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, "AMOUNT_MISMATCH", $"The amount must equal the order total, {total}.",
                metadata: new Dictionary<string, string> { ["order_total"] = total.ToString() });
        }

        var now = timeProvider.Now();
        var payment = new Payment
        {
            Id = ResourceIds.New(timeProvider),
            OrderId = orderId,
            UserId = order.UserId,
            CurrencyCode = amount.CurrencyCode,
            AmountUnits = amount.Units,
            AmountNanos = amount.NanoPart,
            PaymentMethod = paymentMethod,
            CreateTime = now,
            UpdateTime = now,
        };
        await using (var lease = database.Open())
        {
            lease.Db.Payments.Add(payment);
            lease.Db.IdempotencyRecords.Add(keys.NewRecord(caller.UserId, idempotencyKey, fingerprint, payment.Id));
            try
            {
                await lease.Db.SaveChangesAsync(cancellationToken);
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
        }

        // The processor is asked only once the pending payment is recorded; its key is the
        // payment id, so recovery after a crash asks again without charging twice.
        var result = await processor.ChargeAsync(payment.Id, paymentMethod, amount, CancellationToken.None);
        return await CompleteChargeAsync(payment.Id, result, CancellationToken.None, leaseHandOver: true);
    }

    public async Task<Payment> GetAsync(string paymentId, Caller caller, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var payment = await lease.Db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == paymentId && p.Status != PaymentStatus.Pending, cancellationToken);
        return payment is not null && caller.CanRead(payment.UserId) ? payment : throw DomainException.NotFound(PaymentResource, paymentId);
    }

    public async Task<PaymentPage> ListAsync(string orderId, int pageSize, string pageToken, Caller caller, CancellationToken cancellationToken)
    {
        var query = "payments:" + orderId;
        var size = PageToken.Size(pageSize);
        var before = PageToken.Decode(pageToken, query);
        var everyone = caller.IsAdmin || caller.IsService;
        await using var lease = database.Open();
        var payments = lease.Db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Status != PaymentStatus.Pending && (everyone || p.UserId == caller.UserId));
        if (before is not null)
        {
            payments = payments.Where(p => string.Compare(p.Id, before) < 0);
        }

        var page = await payments.OrderByDescending(p => p.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? PageToken.Encode(query, page[size - 1].Id) : "";
        return new PaymentPage(page.Take(size).ToList(), next);
    }

    public async Task<(Payment Payment, Refund Refund)> RefundAsync(
        string paymentId, Money? amount, string idempotencyKey, string reason, Caller caller, CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Of("RefundPayment", paymentId, amount?.ToString() ?? "rest", reason);
        if (await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken) is { } earlier)
        {
            return await LoadRefundAsync(earlier, cancellationToken);
        }

        var refund = await ReserveRefundAsync(paymentId, amount, reason, caller,
            refundId => keys.NewRecord(caller.UserId, idempotencyKey, fingerprint, refundId), cancellationToken);
        if (refund is null)
        {
            // A concurrent retry with the same key reserved it.
            return await LoadRefundAsync(
                await keys.ResultOfAsync(caller.UserId, idempotencyKey, fingerprint, cancellationToken)
                ?? throw new InvalidOperationException("The refund holding the idempotency key vanished."),
                cancellationToken);
        }

        await FinishRefundAsync(refund.Id, CancellationToken.None);
        return await LoadRefundAsync(refund.Id, cancellationToken);
    }

    /// <summary>
    /// Gives the whole payment back without telling OrderService: for a payment that succeeded
    /// for an order cancelled in the meantime, which stays cancelled.
    /// </summary>
    public async Task RefundUnpayableAsync(string paymentId, CancellationToken cancellationToken)
    {
        var system = new Caller("payments", PlatformRoles.Admin);
        var refund = await ReserveRefundAsync(paymentId, null, "order_not_payable", system, _ => null, cancellationToken, notifyOrder: false);
        if (refund is not null)
        {
            await FinishRefundAsync(refund.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Finishes a charge the processor answered: the outcome, the idempotency record and the
    /// hand-over commit together. With <paramref name="leaseHandOver"/>, the hand-over is leased
    /// to this process, which delivers it next.
    /// </summary>
    public async Task<ChargeOutcome> CompleteChargeAsync(string paymentId, ChargeResult result, CancellationToken cancellationToken, bool leaseHandOver = false)
    {
        await using (var lease = database.Open())
        {
            var payment = await lease.Db.Payments.FirstAsync(p => p.Id == paymentId, cancellationToken);
            if (payment.Status != PaymentStatus.Pending)
            {
                return new ChargeOutcome(payment, null);
            }

            payment.Status = result.Succeeded ? PaymentStatus.Succeeded : PaymentStatus.Failed;
            payment.FailureReason = result.FailureReason;
            payment.UpdateTime = timeProvider.Now();
            payment.Version++;
            await CompleteRecordAsync(lease.Db, paymentId, cancellationToken);
            OutboxMessage? leased = null;
            if (result.Succeeded)
            {
                var handOver = NewMessage(OutboxKind.Paid, payment);
                if (leaseHandOver && claims.Lease(handOver, handOver.CreateTime))
                {
                    leased = handOver;
                }

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
    }

    /// <summary>Confirms a reserved refund with the processor and records it, with the hand-over for a full refund.</summary>
    public async Task FinishRefundAsync(string refundId, CancellationToken cancellationToken)
    {
        Refund refund;
        await using (var lease = database.Open())
        {
            refund = await lease.Db.Refunds.AsNoTracking().FirstAsync(r => r.Id == refundId, cancellationToken);
        }

        if (refund.Completed)
        {
            return;
        }

        await processor.RefundAsync(refund.Id, refund.PaymentId, refund.Amount, cancellationToken);
        await using (var lease = database.Open())
        {
            var stored = await lease.Db.Refunds.FirstAsync(r => r.Id == refundId, cancellationToken);
            var payment = await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
            stored.Completed = true;
            await CompleteRecordAsync(lease.Db, refundId, cancellationToken);
            var fullyRefunded = payment.Status == PaymentStatus.Refunded;
            var alreadyHandedOver = await lease.Db.Outbox.AnyAsync(m => m.PaymentId == payment.Id && m.Kind == OutboxKind.Refunded, cancellationToken);
            if (refund.NotifyOrder && fullyRefunded && !alreadyHandedOver)
            {
                lease.Db.Outbox.Add(NewMessage(OutboxKind.Refunded, payment));
            }

            await lease.Db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Takes the refund out of the payment (optimistically, retried on a concurrent change) and
    /// records it as pending. Null when a concurrent request with the same idempotency key won.
    /// </summary>
    private async Task<Refund?> ReserveRefundAsync(
        string paymentId, Money? amount, string reason, Caller caller, Func<string, IdempotencyRecord?> record, CancellationToken cancellationToken,
        bool notifyOrder = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var lease = database.Open();
            var payment = await lease.Db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId && p.Status != PaymentStatus.Pending, cancellationToken);
            if (payment is null || !caller.CanActFor(payment.UserId))
            {
                throw DomainException.NotFound(PaymentResource, paymentId);
            }

            if (!payment.IsRefundable)
            {
                throw new DomainException(ErrorKind.FailedPrecondition, "PAYMENT_NOT_REFUNDABLE",
                    $"Only a successful payment with money left can be refunded; this one is {payment.Status}.");
            }

            var refundAmount = amount ?? payment.Refundable;
            if (refundAmount.CurrencyCode != payment.CurrencyCode)
            {
                throw DomainException.Invalid("amount.currency_code", $"must be {payment.CurrencyCode}, the payment's currency");
            }

            if (refundAmount.Nanos > payment.Refundable.Nanos)
            {
                throw new DomainException(ErrorKind.FailedPrecondition, "REFUND_EXCEEDS_PAYMENT",
                    $"Refunds cannot add up to more than was paid; {payment.Refundable} is left.",
                    metadata: new Dictionary<string, string> { ["refundable"] = payment.Refundable.ToString() });
            }

            var now = timeProvider.Now();
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
            payment.Refunded = payment.Refunded.Plus(refundAmount);
            payment.Status = payment.Refundable.Nanos == 0 ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
            payment.UpdateTime = now;
            payment.Version++;
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

    // Part of the caller's unit of work: it commits with the outcome it records.
    private static async Task CompleteRecordAsync(PaymentsDbContext db, string resultId, CancellationToken cancellationToken)
    {
        if (await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.ResultId == resultId, cancellationToken) is { } record)
        {
            record.Completed = true;
        }
    }

    private OutboxMessage NewMessage(OutboxKind kind, Payment payment)
    {
        var now = timeProvider.Now();
        return new OutboxMessage { Kind = kind, OrderId = payment.OrderId, PaymentId = payment.Id, CreateTime = now, NextAttemptTime = now };
    }

    private async Task<Payment> LoadAsync(string paymentId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        return await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == paymentId, cancellationToken);
    }

    private async Task<(Payment, Refund)> LoadRefundAsync(string refundId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var refund = await lease.Db.Refunds.AsNoTracking().FirstAsync(r => r.Id == refundId, cancellationToken);
        var payment = await lease.Db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
        return (payment, refund);
    }
}
