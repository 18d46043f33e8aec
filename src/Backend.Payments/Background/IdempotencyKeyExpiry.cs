using Backend.Payments.Data;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backend.Payments.Background;

/// <summary>
/// Forgets completed idempotency keys past their retention (Payments:IdempotencyRetention), so
/// the table holds about a day's requests rather than all of them. A key looked up after it
/// expired is free again even before this runs.
/// </summary>
internal sealed partial class IdempotencyKeyExpiry(
    ServiceDatabase<PaymentsDbContext> database,
    TimeProvider timeProvider,
    ILogger<IdempotencyKeyExpiry> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ForgetExpiredAsync(stoppingToken);
                await Task.Delay(Interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogPassFailed(logger, error);
                await Task.Delay(Interval, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.Now();
        await using var lease = database.Open();
        await lease.Db.QueuedWriteAsync(token => lease.Db.IdempotencyRecords.Where(r => r.Completed && r.ExpireTime < now).ExecuteDeleteAsync(token), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Forgetting expired idempotency keys failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception error);
}
