using System.Diagnostics;
using Backend.Orders.V1;
using Grpc.Core;

namespace Backend.LoadTool;

/// <summary>
/// The live-status scenarios. Each change is timed from the moment the call that makes it is
/// sent to the moment each watcher of that order receives it; a watcher that never receives it
/// within a minute counts as MISSED.
/// </summary>
internal sealed class WatchScenarios(LoadOptions options, OrderService.OrderServiceClient orders, Metadata headers, Func<string, CreateOrderRequest> newOrder)
{
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(60);

    // For reference-watch-idle and -fanout everything a scenario does goes to the bare reference host instead.
    private readonly Uri _address = options.WatchReference ? options.ReferenceAddress ?? throw new ArgumentException("reference-watch-... needs --reference-address") : options.Address;
    private readonly int? _serverPid = options.WatchReference ? options.ReferencePid : options.ServerPid;
    private readonly OrderService.OrderServiceClient _orders = options.WatchReference ? new(LoadSession.OpenChannels(options.ReferenceAddress!, 1)[0]) : orders;
    private readonly string _prefix = options.WatchReference ? "reference-" : "";

    /// <summary>
    /// <c>watch-fanout</c>: all streams over <c>--orders</c> orders (1: every stream on one
    /// order). An order moves PAID, SHIPPED, DELIVERED; when the changes asked need more moves
    /// than the orders have, the next round places new orders and opens the streams again.
    /// </summary>
    public async Task<ScenarioResult> FanOutAsync(string userId, Action<string> progress)
    {
        var orderCount = options.Orders ?? Math.Max(1, (options.Changes + 2) / 3);
        var recorder = new LatencyRecorder();
        var buffer = recorder.NewWorkerBuffer();
        double? memoryBefore = null, memoryOpen = null;
        var connections = 0;
        var measured = TimeSpan.Zero;
        var serverCpu = 0.0;
        var toolCpu = 0.0;
        var failed = 0;
        var changes = 0;
        while (changes < options.Changes)
        {
            var watched = new List<string>();
            for (var i = 0; i < orderCount; i++)
            {
                watched.Add((await _orders.CreateOrderAsync(newOrder(userId), headers)).Order.Id);
            }

            memoryBefore ??= ServerMemory.MiB(_serverPid);
            var arrivals = new WatchArrivals();
            await using var streams = await WatchStreams.OpenAsync(
                _address, options.WatchConnections, options.Streams, i => watched[i % orderCount], headers.GetValue("authorization"), arrivals);
            connections = streams.Connections;
            await streams.WaitOpenAsync(arrivals, "watch-fanout", TimeSpan.FromMinutes(3), progress);
            await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 0.5 : 3));
            memoryOpen ??= ServerMemory.MiB(_serverPid);

            var clock = Stopwatch.StartNew();
            var cpuBefore = CpuSample.Take(_serverPid);
            for (var move = 0; move < 3 && changes < options.Changes; move++)
            {
                for (var k = 0; k < orderCount && changes < options.Changes; k++, changes++)
                {
                    var watchers = (options.Streams / orderCount) + (k < options.Streams % orderCount ? 1 : 0);
                    var last = await ChangeAndTimeAsync(watched[k], move, watchers, arrivals, recorder, buffer);
                    progress($"watch-fanout: change {changes + 1}/{options.Changes} timed at its {watchers} watchers, the last after {last.TotalMilliseconds:F0} ms");
                }
            }

            measured += clock.Elapsed;
            failed += streams.Failed;
            var cpuAfter = CpuSample.Take(_serverPid);
            serverCpu += ServerSeconds(cpuBefore, cpuAfter);
            toolCpu += cpuAfter.ToolSeconds - cpuBefore.ToolSeconds;
        }

        var extra = new Dictionary<string, double>
        {
            ["streams"] = options.Streams, ["orders"] = orderCount, ["connections"] = connections, ["changes"] = options.Changes,
            ["server_cpu_ms_per_change"] = Math.Round(serverCpu * 1000 / Math.Max(1, options.Changes), 1),
            // The watchers' side (the tool's loop reading every stream) shares the cores with the server.
            ["tool_cpu_ms_per_change"] = Math.Round(toolCpu * 1000 / Math.Max(1, options.Changes), 1),
            ["streams_failed"] = failed,
        };
        return Result(_prefix + "watch-fanout", recorder, measured, memoryBefore, memoryOpen, extra);
    }

    /// <summary>
    /// <c>watch-idle</c>: <c>--streams</c> streams over <c>--orders</c> orders (one per ten
    /// streams by default) of one user per ten orders, left idle; the server's memory per stream,
    /// then <c>--changes</c> orders picked at random are paid, each timed at its watchers, while
    /// every stream stays open.
    /// </summary>
    public async Task<ScenarioResult> IdleAsync(Action<string> progress)
    {
        var orderCount = Math.Max(1, options.Orders ?? options.Streams / 10);
        var users = Enumerable.Range(0, Math.Max(1, orderCount / 10)).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var watched = new string[orderCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, orderCount), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            watched[i] = (await _orders.CreateOrderAsync(newOrder(users[i % users.Length]), headers, cancellationToken: cancellationToken)).Order.Id;
            if (i % 1000 == 0)
            {
                progress($"watch-idle: placing {orderCount} orders of {users.Length} users");
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 0.5 : 5));
        var memoryBefore = ServerMemory.MiB(_serverPid);
        var arrivals = new WatchArrivals();
        await using var streams = await WatchStreams.OpenAsync(
            _address, options.WatchConnections, options.Streams, i => watched[i % orderCount], headers.GetValue("authorization"), arrivals);
        await streams.WaitOpenAsync(arrivals, "watch-idle", TimeSpan.FromMinutes(10), progress);
        var open = arrivals.Open;
        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 0.5 : 10));
        var memoryOpen = ServerMemory.MiB(_serverPid);

        var recorder = new LatencyRecorder();
        var buffer = recorder.NewWorkerBuffer();
        var clock = Stopwatch.StartNew();
        var cpuBefore = CpuSample.Take(_serverPid);
        var sample = Enumerable.Range(0, orderCount).OrderBy(_ => Random.Shared.Next()).Take(options.Changes).ToList();
        for (var n = 0; n < sample.Count; n++)
        {
            var k = sample[n];
            var watchers = (options.Streams / orderCount) + (k < options.Streams % orderCount ? 1 : 0);
            await ChangeAndTimeAsync(watched[k], move: 0, watchers, arrivals, recorder, buffer);
            progress($"watch-idle: change {n + 1}/{sample.Count} timed at its {watchers} watchers, {open} streams open");
        }

        var extra = new Dictionary<string, double>
        {
            ["streams"] = options.Streams, ["streams_open"] = open, ["orders"] = orderCount, ["users"] = users.Length,
            ["connections"] = streams.Connections, ["changes"] = sample.Count, ["streams_failed"] = streams.Failed,
            ["server_cpu_ms_per_change"] = Math.Round(ServerSeconds(cpuBefore, CpuSample.Take(_serverPid)) * 1000 / Math.Max(1, sample.Count), 1),
        };
        return Result(_prefix + "watch-idle", recorder, clock.Elapsed, memoryBefore, memoryOpen, extra);
    }

    /// <summary>Moves the order (0: PAID, 1: SHIPPED, 2: DELIVERED) and times the change at each of its watchers.</summary>
    /// <returns>How long after the change its last watcher received it.</returns>
    private async Task<TimeSpan> ChangeAndTimeAsync(string orderId, int move, int watchers, WatchArrivals arrivals, LatencyRecorder recorder, List<long> buffer)
    {
        var waiter = arrivals.Expect(orderId, revision: 2 + move, watchers);
        var started = Stopwatch.GetTimestamp();
        if (move == 0)
        {
            await _orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = orderId, PaymentId = Guid.CreateVersion7().ToString("N") }, headers);
        }
        else
        {
            var status = move == 1 ? OrderStatus.Shipped : OrderStatus.Delivered;
            await _orders.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = orderId, Status = status }, headers);
        }

        var received = await waiter.ArrivalsAsync(ArrivalTimeout);
        var last = 0L;
        foreach (var arrival in received)
        {
            recorder.Record(buffer, arrival - started, "OK");
            last = Math.Max(last, arrival - started);
        }

        recorder.Missed("MISSED", watchers - received.Count);
        return Stopwatch.GetElapsedTime(0, last);
    }

    // The server's CPU time between two samples: with the machine's other load taken out, what a change costs it.
    private static double ServerSeconds(CpuSample before, CpuSample after) => (after.ServerSeconds ?? 0) - (before.ServerSeconds ?? 0);

    private static ScenarioResult Result(
        string scenario, LatencyRecorder recorder, TimeSpan measured, double? memoryBefore, double? memoryOpen, Dictionary<string, double> extra)
    {
        if (memoryBefore is { } before && memoryOpen is { } open)
        {
            extra["server_kib_per_idle_stream"] = Math.Round((open - before) * 1024 / extra["streams"], 2);
        }

        var (p50, p90, p99, max) = recorder.Percentiles();
        var seconds = Math.Max(measured.TotalSeconds, 1e-3);
        return new ScenarioResult(scenario, (int)extra["streams"], seconds, recorder.Count, recorder.Count / seconds, p50, p90, p99, max,
            recorder.Outcomes, memoryBefore, memoryOpen, extra);
    }
}
