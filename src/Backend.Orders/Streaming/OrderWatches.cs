using System.Diagnostics.Metrics;
using Backend.Orders.Data;
using Backend.Orders.Domain;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Platform.Telemetry;
using Grpc.Core;
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

    /// <summary>The stream's live frames (see <see cref="LiveFrames"/>), or null when the call cannot take them.</summary>
    public LiveFrames? LiveFramesOf(ServerCallContext call) => LiveFrames.For(call, _delivered);

    /// <summary>
    /// Sends the order's events after <paramref name="afterRevision"/> to <paramref name="stream"/>
    /// until the order ends or the stream does. Takes over <paramref name="session"/> (it disposes
    /// it). One method, so that a waiting watcher holds one task, its subscription and its
    /// session, and no closure (docs/decisions/0020-lean-idle-watchers.md).
    /// </summary>
    public async Task WatchOrderAsync(
        string orderId, long afterRevision, Caller caller, IServerStreamWriter<WatchEvent> stream, SessionStream session, LiveFrames? frames = null)
    {
        using var owned = session;
        using var subscription = _hub.WatchOrder(orderId, _options.Value.MaxLag);
        var last = afterRevision;
        try
        {
            // Everything recorded so far, then the live feed.
            (last, var ended) = await ReplayAsync(orderId, last, caller, stream, session.Token);
            if (ended)
            {
                return;
            }

            if (frames is not null)
            {
                await frames.StartAsync();
            }

            // A quiet watcher only waits: the log is read again when the feed skips a revision or
            // the hub asks for it (a note from another instance may have been lost). While it is
            // live, publishers write its next revisions themselves.
            while (true)
            {
                if (frames is not null)
                {
                    subscription.TryGoLive(frames, last);
                }

                if (!await subscription.Events.WaitToReadAsync(session.Token))
                {
                    break;
                }

                (last, ended) = await subscription.LeaveLiveAsync(last);
                if (!ended)
                {
                    (last, ended) = await CatchUpAsync(orderId, last, subscription, stream, session.Token);
                }

                if (ended)
                {
                    return;
                }
            }

            (last, ended) = await subscription.LeaveLiveAsync(last);
            if (ended)
            {
                return;
            }

            session.Token.ThrowIfCancellationRequested();
            throw Interrupted(subscription, last);
        }
        catch (Exception) when (session.Ended)
        {
            throw session.Refusal();
        }
        finally
        {
            // Nothing may write to the stream once this call returns (its response is completed).
            await subscription.LeaveLiveAsync(last);
        }
    }

    public async Task WatchUserAsync(string userId, Func<WatchEvent, Task> send, CancellationToken cancellationToken)
    {
        send = Counted(send);
        using var subscription = _hub.WatchUser(userId, _options.Value.MaxLag);
        await foreach (var live in subscription.Events.ReadAllAsync(cancellationToken))
        {
            if (!live.IsRecheck)
            {
                await send(live);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw Interrupted(subscription, lastRevision: null);
    }

    // Sends what the log holds after `last`; the last revision sent, and whether it ended the order.
    private async Task<(long Last, bool Ended)> ReplayAsync(
        string orderId, long last, Caller caller, IServerStreamWriter<WatchEvent> stream, CancellationToken cancellationToken)
    {
        var (owner, recorded) = await ReadLogAsync(orderId, last, cancellationToken);
        if (owner is null || !caller.CanRead(owner))
        {
            throw DomainException.NotFound("order", orderId);
        }

        var (sent, ended) = await SendAsync(recorded, last, stream, cancellationToken);
        return (sent, ended || (recorded.Count == 0 && await IsTerminalAtAsync(orderId, last, cancellationToken)));
    }

    // Sends what waits in the queue, reading the log where the feed skipped or was told to.
    private async Task<(long Last, bool Ended)> CatchUpAsync(
        string orderId, long last, EventSubscription subscription, IServerStreamWriter<WatchEvent> stream, CancellationToken cancellationToken)
    {
        while (subscription.Events.TryRead(out var live))
        {
            var batch = live.IsWake ? []
                : live.IsRecheck || live.Revision > last + 1 ? (await ReadLogAsync(orderId, last, cancellationToken)).Events
                : live.Revision == last + 1 ? [live] : [];
            (last, var ended) = await SendAsync(batch, last, stream, cancellationToken);
            if (ended)
            {
                return (last, true);
            }
        }

        return (last, false);
    }

    private async Task<(long Last, bool Ended)> SendAsync(
        IReadOnlyList<WatchEvent> events, long last, IServerStreamWriter<WatchEvent> stream, CancellationToken cancellationToken)
    {
        foreach (var next in events)
        {
            await stream.WriteAsync(next, cancellationToken);
            _delivered.Add(1);
            last = next.Revision;
            if (next.IsTerminal)
            {
                return (last, true);
            }
        }

        return (last, false);
    }

    private Func<WatchEvent, Task> Counted(Func<WatchEvent, Task> send) => async watchEvent =>
    {
        await send(watchEvent);
        _delivered.Add(1);
    };

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

    private async Task<(string? Owner, IReadOnlyList<WatchEvent> Events)> ReadLogAsync(string orderId, long afterRevision, CancellationToken cancellationToken)
    {
        await using var lease = _database.Open();
        var owner = await lease.Db.Orders.Where(o => o.Id == orderId).Select(o => o.UserId).FirstOrDefaultAsync(cancellationToken);
        var events = owner is null
            ? []
            : await lease.Db.Events.AsNoTracking()
                .Where(e => e.OrderId == orderId && e.Revision > afterRevision)
                .OrderBy(e => e.Revision)
                .ToListAsync(cancellationToken);
        return (owner, events.Select(WatchEvent.Of).ToList());
    }

    private async Task<bool> IsTerminalAtAsync(string orderId, long revision, CancellationToken cancellationToken)
    {
        await using var lease = _database.Open();
        var status = await lease.Db.Orders.Where(o => o.Id == orderId && o.Revision <= revision)
            .Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(cancellationToken);
        return status is { } s && OrderStateMachine.IsTerminal(s);
    }
}
