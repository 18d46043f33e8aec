using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backend.Orders.Feed;

/// <summary>
/// Removes feed entries older than <see cref="FeedOptions.FeedRetention"/>, oldest first in feed
/// order, and moves the horizon past them in the same transaction, so that a cursor that lost
/// changes is told so (CURSOR_EXPIRED) instead of skipping them. The order events themselves
/// stay: WatchOrder replays an order's whole history. Every instance may prune; it is idempotent.
/// </summary>
internal sealed partial class FeedPruner(
    ServiceDatabase<OrdersDbContext> database, IOptions<FeedOptions> options, TimeProvider timeProvider, ILogger<FeedPruner> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Prunes what is due now; returns how many entries went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.FeedRetention;
        var removed = 0;
        while (true)
        {
            await using var lease = database.Open();
            var oldest = await OrderFeedLog.FinalAfter(lease.Db, FeedCursor.Start)
                .OrderBy(c => c.Xid).ThenBy(c => c.Id).Take(BatchSize)
                .Select(c => new { c.Xid, c.Id, c.ChangeTime })
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            var due = oldest.TakeWhile(c => c.ChangeTime < cutoff).ToList();
            if (due.Count == 0)
            {
                return removed;
            }

            var (xid, id) = (due[^1].Xid, due[^1].Id);
            await using (var transaction = await lease.Db.Database.BeginTransactionAsync(cancellationToken))
            {
                removed += await lease.Db.Changes.Where(c => c.Xid <= xid && (c.Xid < xid || c.Id <= id)).ExecuteDeleteAsync(cancellationToken);
                await lease.Db.FeedHorizon
                    .Where(h => h.Id == FeedHorizon.SingleId && (h.Xid < xid || (h.Xid == xid && h.ChangeId < id)))
                    .ExecuteUpdateAsync(h => h.SetProperty(x => x.Xid, xid).SetProperty(x => x.ChangeId, id), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            if (due.Count < oldest.Count || oldest.Count < BatchSize)
            {
                return removed;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await PruneAsync(stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, error);
            }

            await Task.Delay(Interval, timeProvider, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} change feed entries past their retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the change feed failed; trying again later")]
    private static partial void LogPruneFailed(ILogger logger, Exception error);
}
