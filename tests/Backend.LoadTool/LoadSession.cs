using System.Diagnostics;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.LoadTool;

/// <summary>One run against one host: the channels, the signed-in caller and every scenario.</summary>
internal sealed class LoadSession(LoadOptions options, GrpcChannel[] channels, Metadata headers, string userId)
{
    public static async Task<LoadSession> OpenAsync(LoadOptions options)
    {
        var channels = OpenChannels(options.Address, options.Connections);
        var users = new UserService.UserServiceClient(channels[0]);
        var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = options.Email, Password = options.Password });
        var token = options.Token ?? signedIn.AccessToken;
        return new LoadSession(options, channels, new Metadata { { "authorization", "Bearer " + token } }, signedIn.User.Id);
    }

    /// <summary>One channel per HTTP/2 connection: a channel keeps one connection until its 100 streams are in use.</summary>
    private static GrpcChannel[] OpenChannels(Uri address, int connections) =>
        Enumerable.Range(0, Math.Max(1, connections)).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        })).ToArray();

    /// <param name="scenario">The scenario's name.</param>
    /// <param name="earlier">The results of the scenarios run before it in this session.</param>
    /// <param name="progress">Receives a progress line now and then.</param>
    public async Task<ScenarioResult> RunAsync(string scenario, IReadOnlyList<ScenarioResult> earlier, Action<string> progress) => scenario switch
    {
        "health" => await ClosedLoopAsync(scenario, _ => async channel =>
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()), progress),
        "get-order" => await GetOrderAsync(scenario, progress),
        "get-order-half" => await new LoadSession(options with { Rate = HalfOf("get-order", earlier) }, channels, headers, userId)
            .GetOrderAsync(scenario, progress),
        "create-order" => await ClosedLoopAsync(scenario, _ => async channel =>
            await new OrderService.OrderServiceClient(channel).CreateOrderAsync(NewOrder(), headers), progress),
        "create-payment" => await CreatePaymentAsync(progress),
        "watch-fanout" => await WatchFanOutAsync(progress),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };

    private static double HalfOf(string scenario, IReadOnlyList<ScenarioResult> earlier) =>
        (earlier.LastOrDefault(r => r.Scenario == scenario)
            ?? throw new ArgumentException($"{scenario}-half runs at half the rate {scenario} reached: run {scenario} before it")).PerSecond / 2;

    private async Task<ScenarioResult> GetOrderAsync(string scenario, Action<string> progress)
    {
        var order = (await new OrderService.OrderServiceClient(channels[0]).CreateOrderAsync(NewOrder(), headers)).Order;
        var request = new GetOrderRequest { OrderId = order.Id };
        return await ClosedLoopAsync(scenario, _ => async channel =>
            await new OrderService.OrderServiceClient(channel).GetOrderAsync(request, headers), progress);
    }

    private async Task<ScenarioResult> CreatePaymentAsync(Action<string> progress)
    {
        // Orders to pay are placed first, so that only CreatePayment is timed: order check,
        // charge, outbox and the hand-over that makes the order PAID.
        var pool = new System.Collections.Concurrent.ConcurrentQueue<Order>();
        var seed = options.Smoke ? 40 : Math.Max(2000, (int)((options.Warmup + options.Duration).TotalSeconds * 1500));
        await Parallel.ForEachAsync(Enumerable.Range(0, seed), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, cancellationToken) =>
            pool.Enqueue((await new OrderService.OrderServiceClient(channels[i % channels.Length]).CreateOrderAsync(NewOrder(), headers, cancellationToken: cancellationToken)).Order));
        return await ClosedLoopAsync("create-payment", _ => async channel =>
        {
            if (!pool.TryDequeue(out var order))
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "no orders left to pay"));
            }

            await new PaymentService.PaymentServiceClient(channel).CreatePaymentAsync(new CreatePaymentRequest
            {
                OrderId = order.Id,
                Amount = order.Total,
                PaymentMethod = "pm_card_visa",
                IdempotencyKey = order.Id,
            }, headers);
        }, progress);
    }

    /// <summary>
    /// Closed loop: each worker makes its next call when the previous one is answered, after a
    /// warm-up that is not measured (the server's JIT reaches its optimised code in the first
    /// seconds). With a rate, calls start on a fixed schedule instead, and each latency counts
    /// from the moment its call was due, so a server that falls behind is not flattered.
    /// </summary>
    private async Task<ScenarioResult> ClosedLoopAsync(string scenario, Func<int, Func<GrpcChannel, Task>> call, Action<string> progress)
    {
        var recorder = new LatencyRecorder();
        var memoryBefore = ServerMemory.MiB(options.ServerPid);
        var warmUntil = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        double Measured() => Math.Max(0, Stopwatch.GetElapsedTime(warmUntil).TotalSeconds);
        using var stop = new CancellationTokenSource(options.Warmup + options.Duration);
        using var reporter = new Timer(_ => progress(Measured() > 0
                ? $"{scenario}: {recorder.Count} calls, {recorder.Count / Measured():0}/s"
                : $"{scenario}: warming up"),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var cpuAtStart = Task.Delay(options.Warmup).ContinueWith(_ => CpuSample.Take(options.ServerPid), TaskScheduler.Default);
        using var schedule = options.Rate is { } rate ? new CallSchedule(rate) : null;
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var buffer = recorder.NewWorkerBuffer();
            var channel = channels[worker % channels.Length];
            var action = call(worker);
            while (!stop.IsCancellationRequested)
            {
                long started;
                if (schedule is null)
                {
                    started = Stopwatch.GetTimestamp();
                }
                else
                {
                    try
                    {
                        started = await schedule.NextAsync(stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                string outcome;
                try
                {
                    await action(channel);
                    outcome = "OK";
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && error.Status.Detail == "no orders left to pay")
                {
                    return;
                }
                catch (RpcException error)
                {
                    outcome = error.StatusCode.ToString();
                }

                if (started >= warmUntil)
                {
                    recorder.Record(buffer, Stopwatch.GetTimestamp() - started, outcome);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var cpuAtEnd = CpuSample.Take(options.ServerPid);
        var seconds = Measured();
        var (p50, p90, p99, max) = recorder.Percentiles();
        var extra = new Dictionary<string, double> { ["connections"] = Math.Min(channels.Length, options.Concurrency) };
        if (options.Rate is { } target)
        {
            extra["target_per_second"] = target;
        }

        CpuSample.Describe(await cpuAtStart, cpuAtEnd, recorder.Count, extra);

        return new ScenarioResult(scenario, options.Concurrency, seconds, recorder.Count, recorder.Count / seconds, p50, p90, p99, max,
            recorder.Outcomes, memoryBefore, ServerMemory.MiB(options.ServerPid), extra);
    }

    private static LineItem[] Items() => [new() { Sku = "load-sku", Quantity = 2, UnitPrice = new Money { CurrencyCode = "EUR", Units = 9, Nanos = 990_000_000 } }];

    private CreateOrderRequest NewOrder() => new() { UserId = userId, Items = { Items() } };

    private async Task<ScenarioResult> WatchFanOutAsync(Action<string> progress)
    {
        var orders = new OrderService.OrderServiceClient(channels[0]);
        // Each order can move twice and stay open (PAID, SHIPPED): enough orders for the changes asked.
        var orderCount = Math.Max(1, (options.Changes + 1) / 2);
        var watched = new List<Order>();
        for (var i = 0; i < orderCount; i++)
        {
            watched.Add((await orders.CreateOrderAsync(NewOrder(), headers)).Order);
        }

        var memoryBefore = ServerMemory.MiB(options.ServerPid);
        var arrivals = new WatchArrivals(options.Streams);
        using var stop = new CancellationTokenSource();
        var watchChannels = OpenChannels(options.Address, options.WatchConnections);
        var streams = Enumerable.Range(0, options.Streams).Select(i => Task.Run(async () =>
        {
            var order = watched[i % watched.Count];
            var client = new OrderService.OrderServiceClient(watchChannels[i % watchChannels.Length]);
            using var call = client.WatchOrder(new WatchOrderRequest { OrderId = order.Id }, headers, cancellationToken: stop.Token);
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(stop.Token))
                {
                    arrivals.Arrived(order.Id, response.Event.Revision);
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();

        var opened = Stopwatch.StartNew();
        while (arrivals.Open < options.Streams && opened.Elapsed < TimeSpan.FromMinutes(2))
        {
            progress($"watch-fanout: {arrivals.Open}/{options.Streams} streams open");
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(options.Smoke ? 0.5 : 3));
        var memoryOpen = ServerMemory.MiB(options.ServerPid);

        var admin = headers;
        var recorder = new LatencyRecorder();
        var buffer = recorder.NewWorkerBuffer();
        var clock = Stopwatch.StartNew();
        for (var change = 0; change < options.Changes; change++)
        {
            var order = watched[change % watched.Count];
            var revision = 2 + (change / watched.Count);
            var watchers = Enumerable.Range(0, options.Streams).Count(i => i % watched.Count == change % watched.Count);
            var waiting = arrivals.Expect(order.Id, revision, watchers);
            var started = Stopwatch.GetTimestamp();
            if (revision == 2)
            {
                await orders.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = order.Id, PaymentId = Guid.CreateVersion7().ToString("N") }, admin);
            }
            else
            {
                await orders.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = order.Id, Status = OrderStatus.Shipped }, admin);
            }

            foreach (var arrival in await waiting.WaitAsync(TimeSpan.FromSeconds(60)))
            {
                recorder.Record(buffer, arrival - started, "OK");
            }

            progress($"watch-fanout: change {change + 1}/{options.Changes} reached every watcher");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(streams);
        foreach (var channel in watchChannels)
        {
            channel.Dispose();
        }

        var (p50, p90, p99, max) = recorder.Percentiles();
        var extra = new Dictionary<string, double> { ["streams"] = options.Streams, ["connections"] = watchChannels.Length, ["changes"] = options.Changes };
        if (memoryBefore is { } before && memoryOpen is { } open)
        {
            extra["server_kib_per_idle_stream"] = (open - before) * 1024 / options.Streams;
        }

        return new ScenarioResult("watch-fanout", options.Streams, seconds, recorder.Count, recorder.Count / seconds, p50, p90, p99, max,
            recorder.Outcomes, memoryBefore, memoryOpen, extra);
    }
}
