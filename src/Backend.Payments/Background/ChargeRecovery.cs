using Backend.Payments.Application;
using Backend.Payments.Data;
using Backend.Payments.Domain;
using Backend.Payments.Processing;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Background;

/// <summary>
/// Finishes charges and refunds whose request died between recording them and recording the
/// processor's answer (a crash, a kill): asks the processor again under the same key, which
/// charges or refunds at most once, and records the outcome with its hand-over.
/// </summary>
internal sealed partial class ChargeRecovery(
    ServiceDatabase<PaymentsDbContext> database,
    Charges charges,
    Refunds refunds,
    IPaymentProcessor processor,
    IOptions<PaymentsOptions> paymentsOptions,
    TimeProvider timeProvider,
    ILogger<ChargeRecovery> logger) : BackgroundService
{
    private const int Parallelism = 16;
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Often enough that a charge left pending is finished soon after it is due.
        var recoverAfter = paymentsOptions.Value.RecoverAfter;
        var pause = recoverAfter < LongestPause ? recoverAfter : LongestPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
                await Task.Delay(pause, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogPassFailed(logger, error);
                await Task.Delay(pause, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.Now() - paymentsOptions.Value.RecoverAfter;
        List<Payment> payments;
        List<string> unfinished;
        await using (var lease = database.Open())
        {
            // Oldest first, a hundred at a time: what is left waits for the next pass.
            payments = await lease.Db.Payments.AsNoTracking()
                .Where(p => p.Status == PaymentStatus.Pending && p.CreateTime < cutoff)
                .OrderBy(p => p.CreateTime).ThenBy(p => p.Id).Take(100).ToListAsync(cancellationToken);
            unfinished = await lease.Db.Refunds.AsNoTracking()
                .Where(r => !r.Completed && r.CreateTime < cutoff)
                .OrderBy(r => r.CreateTime).ThenBy(r => r.Id).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
        }

        // Several at once: each waits mostly on the processor, and a crash can leave many.
        await Parallel.ForEachAsync(payments, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (payment, token) =>
            {
                var result = await processor.ChargeAsync(payment.Id, payment.PaymentMethod, payment.Amount, token);
                await charges.CompleteAsync(payment.Id, result, token, leaseHandOver: false);
                LogRecovered(logger, "charge", payment.Id);
            });

        foreach (var refundId in unfinished)
        {
            await refunds.FinishAsync(refundId, cancellationToken);
            LogRecovered(logger, "refund", refundId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A charge recovery pass failed; the next one tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered an unfinished {What}: {Id}")]
    private static partial void LogRecovered(ILogger logger, string what, string id);
}
