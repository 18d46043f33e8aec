using Backend.Orders.Client;
using Backend.Orders.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Fulfilment;

/// <summary>
/// Follows the platform's change feed for paid orders and ships each, storing the cursor after
/// every one. On shutdown the feed and any wait are cancelled; the cursor names the last order
/// handled, so the next run goes on from there.
/// </summary>
internal sealed partial class ShippingWorker(
    OrderService.OrderServiceClient orders,
    Shipping shipping,
    FileCursorStore cursors,
    TimeProvider timeProvider,
    ILogger<ShippingWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (RpcException error) when (error.IsCursorExpired())
            {
                // Down longer than the platform keeps changes: start again with the oldest one
                // kept. Orders paid before that and never shipped need a look by a person.
                LogCursorExpired(logger);
                await cursors.SaveAsync("", stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The feed gave up reconnecting, or shipping kept failing: start over from the
                // stored cursor, which loses nothing.
                LogFollowFailed(logger, error);
                await Task.Delay(RestartDelay, timeProvider, stoppingToken);
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var cursor = await cursors.LoadAsync(cancellationToken);
        LogFollowing(logger, cursor.Length == 0 ? "the oldest change kept" : "the stored cursor");
        var feed = new OrderChangeFeedOptions { Statuses = { OrderStatus.Paid } };
        await foreach (var change in orders.WatchOrderChangesAsync(cursor, options: feed, cancellationToken: cancellationToken))
        {
            await shipping.ShipAsync(change.Event, cancellationToken);
            await cursors.SaveAsync(change.Cursor, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Following paid orders from {From}")]
    private static partial void LogFollowing(ILogger logger, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored cursor expired; following again from the oldest change kept")]
    private static partial void LogCursorExpired(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the feed failed; starting again from the stored cursor")]
    private static partial void LogFollowFailed(ILogger logger, Exception error);
}
