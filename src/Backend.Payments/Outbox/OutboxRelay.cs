using Backend.Payments.Data;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Payments.Outbox;

/// <summary>
/// The background relay of the outbox: delivers the hand-overs a request did not deliver itself
/// (OrderService unreachable, the process died, another process committed them), retrying with
/// backoff across restarts (the messages are in the database), and measures the backlog.
/// </summary>
internal sealed partial class OutboxRelay(
    ServiceDatabase<PaymentsDbContext> database,
    HandOverDelivery delivery,
    OutboxSignal signal,
    OutboxBacklog backlog,
    IOptions<OutboxOptions> outboxOptions,
    TimeProvider timeProvider,
    ILogger<OutboxRelay> logger) : BackgroundService
{
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
                delivered = await delivery.DeliverDueAsync(null, stoppingToken);
                await MeasureBacklogAsync(stoppingToken);
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

    private async Task MeasureBacklogAsync(CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var pending = lease.Db.Outbox.Where(m => m.DeliverTime == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null : await pending.MinAsync(m => (DateTimeOffset?)m.CreateTime, cancellationToken);
        backlog.Observe(count, oldest is { } time ? timeProvider.GetUtcNow() - time : TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox relay failed; it goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);
}
