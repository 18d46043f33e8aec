using System.Globalization;
using Backend.Orders.Data;
using Backend.Orders.Streaming;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Microsoft.Extensions.Options;

namespace Backend.Orders.Feed;

/// <summary>
/// WatchOrderChanges streams: the changes after a cursor, read from the feed log in batches, then
/// each new one. A quiet stream sleeps until the hub says something changed (here or on another
/// instance), with a slow re-read in case a note went missing; changes committed but held back
/// behind a running transaction are read again shortly.
/// </summary>
internal sealed class OrderFeed(ServiceDatabase<OrdersDbContext> database, OrderEventHub hub, IOptions<FeedOptions> options, TimeProvider timeProvider)
{
    public const string CursorExpired = "CURSOR_EXPIRED";
    public const string AllOrders = "ALL_ORDERS_FEED";

    private const int BatchSize = 256;

    // Held back only until the older transaction ends: usually milliseconds.
    private static readonly TimeSpan HeldBackRetry = TimeSpan.FromMilliseconds(20);

    // A note lost while another instance's listener reconnects is caught up at most this late.
    private static readonly TimeSpan QuietReread = TimeSpan.FromSeconds(5);

    /// <summary>Refuses what the caller may not follow: everyone's orders unless admin or service, another user's unless admin or service.</summary>
    public static void Authorize(FeedRequest request, Caller caller)
    {
        if (request.UserId is null && !caller.IsAdmin && !caller.IsService)
        {
            throw DomainException.PermissionDenied(AllOrders, "Only an admin or a service can follow every user's orders; set user_id to your own id.");
        }

        if (request.UserId is { } userId && !caller.CanRead(userId))
        {
            throw DomainException.PermissionDenied("OTHER_USERS_ORDERS", "Only an admin can follow another user's orders.");
        }
    }

    public async Task FollowAsync(FeedRequest request, Func<FeedEntry, Task> send, CancellationToken cancellationToken)
    {
        FeedCursor position;
        await using (var lease = database.Open())
        {
            // An empty cursor starts after whatever was pruned; a given one must not be before it.
            var horizon = await OrderFeedLog.HorizonAsync(lease.Db, cancellationToken);
            position = request.After ?? horizon;
            ThrowIfExpired(position, horizon);
        }

        while (true)
        {
            var changed = hub.Feed.Next;
            IReadOnlyList<FeedEntry> batch;
            bool heldBack;
            await using (var lease = database.Open())
            {
                batch = await OrderFeedLog.ReadAsync(lease.Db, position, request.UserId, BatchSize, cancellationToken);
                // Read after the batch: pruning that removed part of it has moved the horizon by now.
                ThrowIfExpired(position, await OrderFeedLog.HorizonAsync(lease.Db, cancellationToken));
                heldBack = batch.Count < BatchSize && await OrderFeedLog.HasHeldBackAsync(lease.Db, batch.Count > 0 ? batch[^1].Cursor : position, request.UserId, cancellationToken);
            }

            foreach (var entry in batch)
            {
                if (request.Statuses.Count == 0 || request.Statuses.Contains(entry.Event.Status))
                {
                    await send(entry);
                }

                position = entry.Cursor;
            }

            if (batch.Count == BatchSize)
            {
                continue;
            }

            await WaitAsync(changed, heldBack, cancellationToken);
        }
    }

    private async Task WaitAsync(Task changed, bool heldBack, CancellationToken cancellationToken)
    {
        if (hub.Feed.IsClosed)
        {
            throw new DomainException(ErrorKind.Unavailable, OrderWatches.ShuttingDown,
                "The server is shutting down; reconnect, to this or another instance, with after_cursor set to the last cursor received.");
        }

        try
        {
            await (heldBack ? Task.Delay(HeldBackRetry, timeProvider, cancellationToken) : changed.WaitAsync(QuietReread, timeProvider, cancellationToken));
        }
        catch (TimeoutException)
        {
        }
    }

    private void ThrowIfExpired(FeedCursor position, FeedCursor horizon)
    {
        if (position.IsBefore(horizon))
        {
            throw new DomainException(ErrorKind.OutOfRange, CursorExpired,
                "Changes after this cursor are no longer kept. Resync: list the orders again (ListOrders), then follow the feed from an empty cursor.",
                metadata: new Dictionary<string, string>
                {
                    ["retention"] = options.Value.FeedRetention.ToString("c", CultureInfo.InvariantCulture),
                });
        }
    }
}
