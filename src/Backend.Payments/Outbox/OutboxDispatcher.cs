using Backend.Payments.Application;
using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Processing;
using Backend.Platform.Data;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Outbox;

/// <summary>
/// Delivers the hand-overs to OrderService until each is acknowledged, retrying with backoff
/// while OrderService is unreachable, across restarts (the messages are in the database). Every
/// process may run one: a message is claimed with a lease before it is delivered, and OrderService
/// applies each once anyway. Also finishes charges and refunds a crash left half done, and
/// forgets expired idempotency keys.
/// </summary>
internal sealed partial class OutboxDispatcher(
    ServiceDatabase<PaymentsDbContext> database,
    OrderGateway orders,
    PaymentDesk desk,
    IPaymentProcessor processor,
    OutboxSignal signal,
    OutboxClaims claims,
    OutboxBacklog backlog,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<PaymentsOptions> paymentsOptions,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int RecoveryParallelism = 16;
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(10);
    private DateTimeOffset _nextHousekeeping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = outboxOptions.Value;
        if (!options.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                delivered = await DispatchDueAsync(options, stoppingToken);
                await MeasureBacklogAsync(stoppingToken);
                if (timeProvider.GetUtcNow() >= _nextHousekeeping)
                {
                    await RecoverAsync(stoppingToken);
                    await ForgetExpiredKeysAsync(stoppingToken);
                    // Often enough that a charge left pending is finished soon after it is due.
                    var recoverAfter = paymentsOptions.Value.RecoverAfter;
                    _nextHousekeeping = timeProvider.GetUtcNow() + (recoverAfter < HousekeepingInterval ? recoverAfter : HousekeepingInterval);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(logger, error);
            }

            if (delivered < options.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Delivers a payment's hand-overs right away, so the caller of CreatePayment or
    /// RefundPayment finds the order already changed; whatever fails here the loop retries.
    /// </summary>
    public async Task DeliverNowAsync(string paymentId, CancellationToken cancellationToken)
    {
        var options = outboxOptions.Value;
        if (!options.DispatcherEnabled)
        {
            return;
        }

        foreach (var message in await ClaimAsync(options, cancellationToken, paymentId))
        {
            await DeliverAsync(message, options, cancellationToken);
        }
    }

    /// <summary>Delivers a hand-over this process leased when it committed it.</summary>
    public Task DeliverLeasedAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        DeliverAsync(message, outboxOptions.Value, cancellationToken);

    private async Task<int> DispatchDueAsync(OutboxOptions options, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(options, cancellationToken);
        foreach (var message in claimed)
        {
            await DeliverAsync(message, options, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>Takes due messages no live lease holds; an atomic update decides between competing dispatchers.</summary>
    private async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(OutboxOptions options, CancellationToken cancellationToken, string? paymentId = null)
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
            else
            {
                await orders.MarkRefundedAsync(message.OrderId, message.PaymentId, cancellationToken);
            }

            await SettleAsync(message.Id, delivered: true, "", options, cancellationToken);
        }
        catch (RpcException error) when (message.Kind == OutboxKind.Paid && Reason(error) == "PAY_REQUIRES_PENDING_PAYMENT")
        {
            // The order stopped waiting for payment (cancelled) while the charge went through:
            // the money goes back and the order stays as it is.
            await desk.RefundUnpayableAsync(message.PaymentId, cancellationToken);
            LogRefundedUnpayable(logger, message.PaymentId, message.OrderId);
            await SettleAsync(message.Id, delivered: true, "order not payable: refunded", options, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeliveryFailed(logger, message.Kind, message.OrderId, message.Attempts + 1, error.Message);
            await SettleAsync(message.Id, delivered: false, error.Message, options, cancellationToken);
            signal.Wake();
        }
    }

    private async Task SettleAsync(long messageId, bool delivered, string note, OutboxOptions options, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var message = await lease.Db.Outbox.FirstAsync(m => m.Id == messageId, cancellationToken);
        var now = timeProvider.Now();
        message.LeaseOwner = null;
        message.LeaseExpireTime = null;
        message.LastError = note.Length > 500 ? note[..500] : note;
        if (delivered)
        {
            message.DeliverTime = now;
        }
        else
        {
            message.Attempts++;
            var doublings = Math.Clamp(message.Attempts - 1, 0, 16);
            var backoff = TimeSpan.FromTicks(options.InitialBackoff.Ticks << doublings);
            message.NextAttemptTime = now + (backoff < options.MaxBackoff ? backoff : options.MaxBackoff);
        }

        await lease.Db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Finishes charges and refunds whose request died between recording and confirming them.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.Now() - paymentsOptions.Value.RecoverAfter;
        List<Payment> payments;
        List<string> refunds;
        await using (var lease = database.Open())
        {
            // Oldest first, a hundred at a time: what is left waits for the next pass.
            payments = await lease.Db.Payments.AsNoTracking()
                .Where(p => p.Status == PaymentStatus.Pending && p.CreateTime < cutoff)
                .OrderBy(p => p.CreateTime).ThenBy(p => p.Id).Take(100).ToListAsync(cancellationToken);
            refunds = await lease.Db.Refunds.AsNoTracking()
                .Where(r => !r.Completed && r.CreateTime < cutoff)
                .OrderBy(r => r.CreateTime).ThenBy(r => r.Id).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
        }

        // Several at once: each waits mostly on the processor, and a crash can leave many.
        await Parallel.ForEachAsync(payments, new ParallelOptions { MaxDegreeOfParallelism = RecoveryParallelism, CancellationToken = cancellationToken },
            async (payment, token) =>
            {
                var result = await processor.ChargeAsync(payment.Id, payment.PaymentMethod, payment.Amount, token);
                await desk.CompleteChargeAsync(payment.Id, result, token, leaseHandOver: false);
                LogRecovered(logger, "charge", payment.Id);
            });

        foreach (var refundId in refunds)
        {
            await desk.FinishRefundAsync(refundId, cancellationToken);
            LogRecovered(logger, "refund", refundId);
        }
    }

    private async Task MeasureBacklogAsync(CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var pending = lease.Db.Outbox.Where(m => m.DeliverTime == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null : await pending.MinAsync(m => (DateTimeOffset?)m.CreateTime, cancellationToken);
        backlog.Observe(count, oldest is { } time ? timeProvider.GetUtcNow() - time : TimeSpan.Zero);
    }

    private async Task ForgetExpiredKeysAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.Now();
        await using var lease = database.Open();
        await lease.Db.QueuedWriteAsync(token => lease.Db.IdempotencyRecords.Where(r => r.Completed && r.ExpireTime < now).ExecuteDeleteAsync(token), cancellationToken);
    }

    private static string? Reason(RpcException error) => error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox loop failed; it goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-over {Kind} of order {OrderId} failed (attempt {Attempt}), will retry: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, OutboxKind kind, string orderId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} succeeded for order {OrderId}, which is no longer payable: refunded in full")]
    private static partial void LogRefundedUnpayable(ILogger logger, string paymentId, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered an unfinished {What}: {Id}")]
    private static partial void LogRecovered(ILogger logger, string what, string id);
}
