using Backend.Orders.Data;
using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.Orders.Streaming;

/// <summary>
/// On PostgreSQL, LISTENs for the changes other instances commit and hands their events, read
/// from the log, to this instance's watchers. Watchers skip what they already have and fill
/// gaps from the log, so a late or repeated note costs latency, never an event.
/// </summary>
internal sealed partial class ClusterEventListener(
    ServiceDatabase<OrdersDbContext> database, ClusterEvents cluster, OrderEventHub hub, ILogger<ClusterEventListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var lease = database.Open())
        {
            if (!lease.Db.Database.IsNpgsql())
            {
                return;
            }

            connectionString = lease.Db.Database.GetConnectionString();
        }

        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString!, stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(logger, error);
                await Task.Delay(backoff, stoppingToken);
                backoff = backoff < TimeSpan.FromSeconds(5) ? backoff * 2 : backoff;
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        var notes = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
        connection.Notification += (_, e) => notes.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ClusterEvents.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Notes sent while this instance was not listening are lost: its order watchers read
        // their logs once, now that it listens again.
        hub.RecheckAll();
        var forwarding = ForwardAsync(notes.Reader, stoppingToken);
        try
        {
            while (true)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        finally
        {
            notes.Writer.TryComplete();
            await forwarding;
        }
    }

    private async Task ForwardAsync(System.Threading.Channels.ChannelReader<string> notes, CancellationToken stoppingToken)
    {
        await foreach (var note in notes.ReadAllAsync(CancellationToken.None))
        {
            if (!cluster.TryParse(note, out var orderId, out var revision))
            {
                continue;
            }

            try
            {
                await using var lease = database.Open();
                var orderEvent = await lease.Db.Events.AsNoTracking()
                    .FirstOrDefaultAsync(e => e.OrderId == orderId && e.Revision == revision, stoppingToken);
                if (orderEvent is not null)
                {
                    hub.Publish(orderEvent);
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogForwardFailed(logger, orderId, revision, error);
                hub.Recheck(orderId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' order events failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward event {Revision} of order {OrderId} from another instance")]
    private static partial void LogForwardFailed(ILogger logger, string orderId, long revision, Exception error);
}
