using Backend.LoadTool.Wire;
using Backend.Orders.V1;

namespace Backend.LoadTool;

/// <summary>
/// Many WatchOrder streams held open at once, each on the order its index picks, spread over
/// enough HTTP/2 connections that none carries more than the server allows. They run on the tool's
/// own HTTP/2 caller: one <see cref="WireLoop"/> thread reads every connection, cuts the messages out
/// of the DATA frames and reads just each event's revision, where a generated client spends a task
/// continuation, a parse and its allocations per delivered message on the cores the server uses.
/// </summary>
internal sealed class WatchStreams : IAsyncDisposable
{
    // Under the server's limit (100 today), as a client spreading its streams would stay.
    private const int StreamsPerConnection = 95;

    // Streams opened and not yet served: they are opened a few thousand at a time, as clients arrive.
    private const int OpeningAtOnce = 2000;

    private static readonly string WatchPath = $"/{OrderService.Descriptor.FullName}/{nameof(OrderService.OrderServiceClient.WatchOrder)}";

    private readonly WireLoop _loop;
    private readonly WireConnection[] _connections;
    private readonly WatchStream[] _streams;
    private int _next;
    private int _opening;
    private int _failed;
    private volatile bool _closing;

    private WatchStreams(WireLoop loop, WireConnection[] connections, WatchStream[] streams)
    {
        _loop = loop;
        _connections = connections;
        _streams = streams;
    }

    /// <summary>Connects, then opens the streams from the loop's thread as earlier ones are served.</summary>
    public static async Task<WatchStreams> OpenAsync(
        Uri address, int minimumConnections, int count, Func<int, string> orderOf, string? authorization, WatchArrivals arrivals, CancellationToken cancellationToken = default)
    {
        var loop = new WireLoop();
        List<WireConnection> connections = [];
        try
        {
            connections.Add(await WireConnection.OpenAsync(address, loop, cancellationToken));
            var perConnection = Math.Clamp(connections[0].MaxConcurrentStreams, 1, StreamsPerConnection);
            var needed = Math.Max(Math.Max(1, minimumConnections), (count + perConnection - 1) / perConnection);
            while (connections.Count < needed)
            {
                // A hundred at a time, so that the server's listen backlog never overflows.
                var batch = Math.Min(100, needed - connections.Count);
                connections.AddRange(await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => WireConnection.OpenAsync(address, loop, cancellationToken))));
            }
        }
        catch
        {
            loop.Dispose();
            throw;
        }

        var target = new WireTarget(WatchPath, authorization);
        var streams = new WatchStream[count];
        var watch = new WatchStreams(loop, [.. connections], streams);
        for (var i = 0; i < count; i++)
        {
            var orderId = orderOf(i);
            streams[i] = new WatchStream(watch, orderId, arrivals, target, WireCall.Frame(new WatchOrderRequest { OrderId = orderId }));
        }

        loop.SetTurn(watch.OpenDue);
        return watch;
    }

    public int Connections => _connections.Length;

    /// <summary>Streams that ended with an error, or never opened, before the scenario closed them.</summary>
    public int Failed => Volatile.Read(ref _failed);

    internal bool Closing => _closing;

    /// <summary>Waits until every stream has its first event (or failed), or the timeout; reports progress.</summary>
    public async Task WaitOpenAsync(WatchArrivals arrivals, string scenario, TimeSpan timeout, Action<string> progress)
    {
        var opened = System.Diagnostics.Stopwatch.StartNew();
        while (arrivals.Open + Failed < _streams.Length && opened.Elapsed < timeout)
        {
            progress($"{scenario}: {arrivals.Open}/{_streams.Length} streams open");
            await Task.Delay(500);
        }
    }

    public ValueTask DisposeAsync()
    {
        // Closing the connections ends every stream at once; the server sees them go as it would see clients go.
        _closing = true;
        _loop.SetTurn(null);
        _loop.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A stream had its first event, or ended without one: the next may open.</summary>
    internal void Served() => Interlocked.Decrement(ref _opening);

    internal void Ended() => Interlocked.Increment(ref _failed);

    // The loop's turn: opens streams while fewer than OpeningAtOnce wait for their first event.
    private long OpenDue()
    {
        while (_next < _streams.Length && Volatile.Read(ref _opening) < OpeningAtOnce && !_closing)
        {
            Interlocked.Increment(ref _opening);
            var index = _next++;
            _connections[index % _connections.Length].Start(_streams[index].Call);
        }

        return long.MaxValue;
    }
}
