using System.Diagnostics.Metrics;
using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Platform.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Backend.Orders.Streaming;

/// <summary>
/// Watch streams. A watcher subscribes to the live feed before it reads the log, so no event
/// can slip between the replay and the live part; revisions already sent are skipped and a gap
/// in the live feed is filled from the log, so every event arrives once and in order.
/// </summary>
internal sealed class OrderWatches
{
    private readonly ServiceDatabase<OrdersDbContext> _database;
    private readonly OrderEventHub _hub;
    private readonly IOptions<WatchOptions> _options;
    private readonly Counter<long> _delivered;

    public OrderWatches(ServiceDatabase<OrdersDbContext> database, OrderEventHub hub, IOptions<WatchOptions> options, BackendMetrics metrics)
    {
        (_database, _hub, _options) = (database, hub, options);
        _delivered = metrics.Meter.CreateCounter<long>("backend.orders.events.delivered", "{event}", "Order events sent to watch streams.");
        metrics.Meter.CreateObservableGauge("backend.orders.watch.streams", () => hub.OpenSubscriptions, "{stream}", "Open WatchOrder and WatchOrders streams.");
    }

    public const string TooSlow = "WATCH_TOO_SLOW";
    public const string ShuttingDown = "SERVER_SHUTTING_DOWN";
    private static readonly TimeSpan LogCheckInterval = TimeSpan.FromSeconds(5);

    public async Task WatchOrderAsync(
        string orderId, long afterRevision, Caller caller, Func<OrderEvent, Task> send, CancellationToken cancellationToken)
    {
        send = Counted(send);
        using var subscription = _hub.WatchOrder(orderId, _options.Value.MaxLag);
        var last = afterRevision;

        // Everything recorded so far, then the live feed.
        var (owner, recorded) = await ReadLogAsync(orderId, last, cancellationToken);
        if (owner is null || !caller.CanRead(owner))
        {
            throw DomainException.NotFound("order", orderId);
        }

        foreach (var recordedEvent in recorded)
        {
            await send(recordedEvent);
            last = recordedEvent.Revision;
            if (recordedEvent.IsTerminal)
            {
                return;
            }
        }

        if (recorded.Count == 0 && await IsTerminalAtAsync(orderId, last, cancellationToken))
        {
            return;
        }

        while (await WaitForLiveAsync(subscription, cancellationToken))
        {
            // Nothing live for a while: look at the log anyway, in case a note from another
            // instance went missing.
            var batch = subscription.Events.TryRead(out var live)
                ? live.Revision <= last ? [] : live.Revision == last + 1 ? [live] : (await ReadLogAsync(orderId, last, cancellationToken)).Events
                : (await ReadLogAsync(orderId, last, cancellationToken)).Events;
            foreach (var next in batch)
            {
                await send(next);
                last = next.Revision;
                if (next.IsTerminal)
                {
                    return;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Interrupted(subscription, last);
    }

    public async Task WatchUserAsync(string userId, Func<OrderEvent, Task> send, CancellationToken cancellationToken)
    {
        send = Counted(send);
        using var subscription = _hub.WatchUser(userId, _options.Value.MaxLag);
        await foreach (var live in subscription.Events.ReadAllAsync(cancellationToken))
        {
            await send(live);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Interrupted(subscription, lastRevision: null);
    }

    private Func<OrderEvent, Task> Counted(Func<OrderEvent, Task> send) => async orderEvent =>
    {
        await send(orderEvent);
        _delivered.Add(1);
    };

    /// <summary>True when an event is ready or the quiet period passed; false when the feed closed.</summary>
    private static async Task<bool> WaitForLiveAsync(EventSubscription subscription, CancellationToken cancellationToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(LogCheckInterval);
        try
        {
            return await subscription.Events.WaitToReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    private static DomainException Interrupted(EventSubscription subscription, long? lastRevision)
    {
        var metadata = lastRevision is { } revision
            ? new Dictionary<string, string> { ["resume_after_revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        return subscription.Overflowed
            ? new DomainException(ErrorKind.Unavailable, TooSlow,
                "The watcher fell too far behind the live events; reconnect with after_revision set to the last revision received.", metadata: metadata)
            : new DomainException(ErrorKind.Unavailable, ShuttingDown,
                "The server is shutting down; reconnect, to this or another instance, with after_revision set to the last revision received.", metadata: metadata);
    }

    private async Task<(string? Owner, IReadOnlyList<OrderEvent> Events)> ReadLogAsync(string orderId, long afterRevision, CancellationToken cancellationToken)
    {
        await using var lease = _database.Open();
        var owner = await lease.Db.Orders.Where(o => o.Id == orderId).Select(o => o.UserId).FirstOrDefaultAsync(cancellationToken);
        var events = owner is null
            ? []
            : await lease.Db.Events.AsNoTracking()
                .Where(e => e.OrderId == orderId && e.Revision > afterRevision)
                .OrderBy(e => e.Revision)
                .ToListAsync(cancellationToken);
        return (owner, events);
    }

    private async Task<bool> IsTerminalAtAsync(string orderId, long revision, CancellationToken cancellationToken)
    {
        await using var lease = _database.Open();
        var status = await lease.Db.Orders.Where(o => o.Id == orderId && o.Revision <= revision)
            .Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(cancellationToken);
        return status is { } s && OrderStateMachine.IsTerminal(s);
    }
}
