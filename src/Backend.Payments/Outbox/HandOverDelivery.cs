using Backend.Payments.Application;
using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Settlement;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Outbox;

/// <summary>
/// Delivers outbox hand-overs to OrderService through the settlement port: claims due messages
/// with a lease (an atomic update decides between competing processes), delivers each, and
/// records the outcome, with backoff after a failure. OrderService applies each idempotently,
/// so delivering one twice is harmless.
/// </summary>
internal sealed partial class HandOverDelivery(
    ServiceDatabase<PaymentsDbContext> database,
    IOrderSettlement orders,
    Refunds refunds,
    OutboxSignal signal,
    OutboxClaims claims,
    PaymentWriter writer,
    IOptions<OutboxOptions> outboxOptions,
    TimeProvider timeProvider,
    ILogger<HandOverDelivery> logger)
{
    /// <summary>Delivers due hand-overs (of one payment, or of any), up to a batch; how many it took.</summary>
    public async Task<int> DeliverDueAsync(string? paymentId, CancellationToken cancellationToken)
    {
        var options = outboxOptions.Value;
        if (!options.DispatcherEnabled)
        {
            return 0;
        }

        var claimed = await ClaimAsync(options, paymentId, cancellationToken);
        foreach (var message in claimed)
        {
            await DeliverAsync(message, options, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>Delivers a hand-over this process leased when it committed it.</summary>
    public Task DeliverLeasedAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        DeliverAsync(message, outboxOptions.Value, cancellationToken);

    private async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(OutboxOptions options, string? paymentId, CancellationToken cancellationToken)
    {
        var now = timeProvider.Now();
        var leaseUntil = claims.LeaseUntil(now);
        await using var lease = database.Open();
        var due = await lease.Db.Outbox
            .Where(m => m.DeliverTime == null && m.NextAttemptTime <= now && (m.LeaseExpireTime == null || m.LeaseExpireTime < now))
            .Where(m => paymentId == null || m.PaymentId == paymentId)
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        await lease.Db.QueuedWriteAsync(token => lease.Db.Outbox
            .Where(m => due.Contains(m.Id) && m.DeliverTime == null && (m.LeaseExpireTime == null || m.LeaseExpireTime < now))
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.LeaseOwner, claims.Owner).SetProperty(x => x.LeaseExpireTime, leaseUntil), token), cancellationToken);
        return await lease.Db.Outbox.AsNoTracking()
            .Where(m => due.Contains(m.Id) && m.LeaseOwner == claims.Owner && m.LeaseExpireTime == leaseUntil)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    private async Task DeliverAsync(OutboxMessage message, OutboxOptions options, CancellationToken cancellationToken)
    {
        try
        {
            if (message.Kind == OutboxKind.Paid)
            {
                await orders.MarkPaidAsync(message.OrderId, message.PaymentId, cancellationToken);
            }
            else if (await refunds.HandedOverTotalAsync(message.PaymentId, cancellationToken) is { } total)
            {
                await orders.RecordRefundAsync(message.OrderId, message.PaymentId, total, cancellationToken);
            }

            await SettleDeliveredAsync(message, "");
        }
        catch (DomainException error) when (message.Kind == OutboxKind.Paid && error.Reason == "PAY_REQUIRES_PENDING_PAYMENT")
        {
            // The order stopped waiting for payment (cancelled) while the charge went through:
            // the money goes back and the order stays as it is.
            await refunds.RefundUnpayableAsync(message.PaymentId, cancellationToken);
            LogRefundedUnpayable(logger, message.PaymentId, message.OrderId);
            await SettleDeliveredAsync(message, "order not payable: refunded");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeliveryFailed(logger, message.Kind, message.OrderId, message.Attempts + 1, error.Message);
            await SettleFailedAsync(message.Id, error.Message, options, cancellationToken);
            signal.Wake();
        }
    }

    /// <summary>
    /// Records the delivery on the message in hand, in the next group of writes: the message
    /// changes only under its lease, so there is nothing to read first.
    /// </summary>
    private Task SettleDeliveredAsync(OutboxMessage message, string note)
    {
        message.LeaseOwner = null;
        message.LeaseExpireTime = null;
        message.LastError = Truncated(note);
        message.DeliverTime = timeProvider.Now();
        return writer.MarkDeliveredAsync(message, CancellationToken.None);
    }

    private async Task SettleFailedAsync(long messageId, string error, OutboxOptions options, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var message = await lease.Db.Outbox.FirstAsync(m => m.Id == messageId, cancellationToken);
        var now = timeProvider.Now();
        message.LeaseOwner = null;
        message.LeaseExpireTime = null;
        message.LastError = Truncated(error);
        message.Attempts++;
        var doublings = Math.Clamp(message.Attempts - 1, 0, 16);
        var backoff = TimeSpan.FromTicks(options.InitialBackoff.Ticks << doublings);
        message.NextAttemptTime = now + (backoff < options.MaxBackoff ? backoff : options.MaxBackoff);
        await lease.Db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncated(string note) => note.Length > 500 ? note[..500] : note;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-over {Kind} of order {OrderId} failed (attempt {Attempt}), will retry: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, OutboxKind kind, string orderId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} succeeded for order {OrderId}, which is no longer payable: refunded in full")]
    private static partial void LogRefundedUnpayable(ILogger logger, string paymentId, string orderId);
}
