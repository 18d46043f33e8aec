using System.Diagnostics;
using Backend.LoadTool.Wire;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.LoadTool;

/// <summary>
/// One run against one host. Request/response scenarios go over <see cref="WireConnection"/>s,
/// so that the tool takes as little of the machine's CPU from the server as it can, and so do the
/// watch streams (<see cref="WatchStreams"/>); seeding, sign-in and the watch scenarios' changes use
/// the generated clients.
/// </summary>
internal sealed partial class LoadSession(LoadOptions options, GrpcChannel[] channels, WireConnection[] connections, Metadata headers, string userId)
{
    private static readonly WireTarget HealthCheck = new(Path(Health.Descriptor, "Check"), null);

    public static async Task<LoadSession> OpenAsync(LoadOptions options)
    {
        var channels = OpenChannels(options.Address, options.Connections);
        var (token, userId) = options.Token is { } given ? (given, SubjectOf(given)) : await SignInAsync(options, channels[0]);
        var loop = new WireLoop();
        var connections = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Connections)).Select(_ => WireConnection.OpenAsync(options.Address, loop)));
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        await ListPriceAsync(channels[0], headers);
        return new LoadSession(options, channels, connections, headers, userId);
    }

    /// <summary>
    /// Lists the price of the SKU the orders are placed for; they leave the price out and pay the
    /// listed one. Only an admin may list it: with another caller's token it must be listed already.
    /// </summary>
    private static async Task ListPriceAsync(GrpcChannel channel, Metadata headers)
    {
        try
        {
            await new OrderService.OrderServiceClient(channel).SetPriceAsync(new SetPriceRequest { Sku = LoadSku, UnitPrice = LoadPrice() }, headers);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.PermissionDenied or StatusCode.Unimplemented)
        {
        }
    }

    private static async Task<(string Token, string UserId)> SignInAsync(LoadOptions options, GrpcChannel channel)
    {
        var signedIn = await new UserService.UserServiceClient(channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = options.Email, Password = options.Password });
        return (signedIn.AccessToken, signedIn.User.Id);
    }

    /// <summary>The user a given access token speaks for: its <c>sub</c> claim, read without checking the signature (the server checks it).</summary>
    private static string SubjectOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new ArgumentException("--token is not a JSON Web Token (header.payload.signature)");
        }

        using var claims = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        return claims.RootElement.TryGetProperty("sub", out var subject) && subject.GetString() is { Length: > 0 } id
            ? id
            : throw new ArgumentException("--token has no sub claim");
    }

    /// <summary>One channel per HTTP/2 connection: a channel keeps one connection until its 100 streams are in use.</summary>
    internal static GrpcChannel[] OpenChannels(Uri address, int connections) =>
        Enumerable.Range(0, Math.Max(1, connections)).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        })).ToArray();

    private static string Path(Google.Protobuf.Reflection.ServiceDescriptor service, string method) =>
        $"/{service.FullName}/{service.FindMethodByName(method)?.Name ?? throw new ArgumentException($"{service.FullName} has no method {method}")}";

    private WireTarget Authorized(Google.Protobuf.Reflection.ServiceDescriptor service, string method) =>
        new(Path(service, method), headers.GetValue("authorization"));

    /// <param name="scenario">The scenario's name.</param>
    /// <param name="earlier">The results of the scenarios run before it in this session.</param>
    /// <param name="progress">Receives a progress line now and then.</param>
    /// <returns>One result; two for <c>get-order-rate</c> with a reference host (the platform's, then the reference's).</returns>
    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(string scenario, IReadOnlyList<ScenarioResult> earlier, Action<string> progress) => scenario switch
    {
        "health" => [await HealthAsync(scenario, progress)],
        "health-half" => [await AtHalfOf("health", earlier).HealthAsync(scenario, progress)],
        "reference-health" => [await (await ReferenceAsync()).HealthAsync(scenario, progress)],
        "reference-health-half" => [await (await ReferenceAsync()).AtHalfOf("reference-health", earlier).HealthAsync(scenario, progress)],
        "get-order" or "get-order-grown" => [await GetOrderAsync(scenario, progress)],
        "reference-stored-get-order" => [await StoredReferenceGetOrderAsync(scenario, progress)],
        "get-order-half" => [await AtHalfOf("get-order", earlier).GetOrderAsync(scenario, progress)],
        "get-order-rate" => await GetOrderRateAsync(progress),
        "list-orders" or "list-orders-grown" => [await ListOrdersAsync(scenario, progress)],
        "seed-orders" => [await SeedOrdersAsync(progress)],
        "create-order" => [await RequestsAsync(scenario, Authorized(OrderService.Descriptor, "CreateOrder"), Always(NewOrder()), progress)],
        "create-payment" => [await CreatePaymentAsync(progress)],
        "watch-fanout" => [await Watches(reference: false).FanOutAsync(userId, progress)],
        "watch-idle" => [await Watches(reference: false).IdleAsync(progress)],
        "reference-watch-fanout" => [await Watches(reference: true).FanOutAsync(userId, progress)],
        "reference-watch-idle" => [await Watches(reference: true).IdleAsync(progress)],
        "get-order-half-sign-in-flood" => [await GetOrderUnderSignInFloodAsync(scenario, earlier, progress)],
        "sign-in-timing" => [await SignInTimingAsync(scenario, progress)],
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };

    private WatchScenarios Watches(bool reference) =>
        new(options with { WatchReference = reference }, new OrderService.OrderServiceClient(channels[0]), headers, NewOrder);

    /// <summary>This session on a fixed schedule at half the rate the given closed-loop scenario reached before.</summary>
    private LoadSession AtHalfOf(string scenario, IReadOnlyList<ScenarioResult> earlier)
    {
        var peak = earlier.LastOrDefault(r => r.Scenario == scenario)
            ?? throw new ArgumentException($"{scenario}-half runs at half the rate {scenario} reached: run {scenario} before it");
        return new LoadSession(options with { Rate = peak.PerSecond / 2 }, channels, connections, headers, userId);
    }

    private Task<ScenarioResult> HealthAsync(string scenario, Action<string> progress) =>
        RequestsAsync(scenario, HealthCheck, Always(new HealthCheckRequest()), progress);

    /// <summary>The same request for every call.</summary>
    private static Func<ReadOnlyMemory<byte>?> Always(Google.Protobuf.IMessage request)
    {
        ReadOnlyMemory<byte> framed = WireCall.Frame(request);
        return () => framed;
    }

    private async Task<ScenarioResult> GetOrderAsync(string scenario, Action<string> progress)
    {
        var order = (await new OrderService.OrderServiceClient(channels[0]).CreateOrderAsync(NewOrder(), headers)).Order;
        return await RequestsAsync(scenario, Authorized(OrderService.Descriptor, "GetOrder"), Always(new GetOrderRequest { OrderId = order.Id }), progress);
    }

    private async Task<ScenarioResult> CreatePaymentAsync(Action<string> progress)
    {
        // Orders to pay are placed first, so that only CreatePayment is timed: order check,
        // charge, outbox and the hand-over that makes the order PAID. Enough for 6,000 payments
        // a second over the warm-up and the measured window: a pool that runs dry ends the
        // window early (the rate stays over the calls made, but from fewer seconds).
        var pool = new System.Collections.Concurrent.ConcurrentQueue<ReadOnlyMemory<byte>>();
        var seed = options.Smoke ? 40 : Math.Max(2000, (int)((options.Warmup + options.Duration).TotalSeconds * 6000));
        await Parallel.ForEachAsync(Enumerable.Range(0, seed), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, cancellationToken) =>
        {
            var order = (await new OrderService.OrderServiceClient(channels[i % channels.Length]).CreateOrderAsync(NewOrder(), headers, cancellationToken: cancellationToken)).Order;
            pool.Enqueue(WireCall.Frame(new CreatePaymentRequest
            {
                OrderId = order.Id,
                Amount = order.Total,
                PaymentMethod = "pm_card_visa",
                IdempotencyKey = order.Id,
            }));
        });
        return await RequestsAsync("create-payment", Authorized(PaymentService.Descriptor, "CreatePayment"),
            () => pool.TryDequeue(out var request) ? request : (ReadOnlyMemory<byte>?)null, progress);
    }

    /// <summary>
    /// Closed loop: each of the concurrent callers makes its next call when the previous one is
    /// answered, after a warm-up that is not measured (the server's JIT reaches its optimised code
    /// in the first seconds). With a rate, calls start on a fixed schedule instead, and each latency
    /// counts from the moment its call was due, so a server that falls behind is not flattered.
    /// </summary>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="target">The method called, with its metadata.</param>
    /// <param name="nextRequest">The next framed request, or null when there is none left to make.</param>
    /// <param name="progress">Receives a progress line now and then.</param>
    private async Task<ScenarioResult> RequestsAsync(string scenario, WireTarget target, Func<ReadOnlyMemory<byte>?> nextRequest, Action<string> progress)
    {
        var recorder = new LatencyRecorder();
        var memoryBefore = ServerMemory.MiB(options.ServerPid);
        var warmUntil = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = warmUntil + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        double Measured() => Math.Max(0, Stopwatch.GetElapsedTime(warmUntil).TotalSeconds);
        using var reporter = new Timer(_ => progress(Measured() > 0
                ? $"{scenario}: {recorder.Count} calls, {recorder.Count / Measured():0}/s"
                : $"{scenario}: warming up"),
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var cpuAtStart = Task.Delay(options.Warmup).ContinueWith(_ => CpuSample.Take(options.ServerPid), TaskScheduler.Default);

        // Counts the callers (closed loop) or the schedule and each call in flight (rate): the run
        // is over when it drops to zero.
        var running = 1;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Release()
        {
            if (Interlocked.Decrement(ref running) == 0)
            {
                finished.TrySetResult();
            }
        }

        void Record(WireCall call, List<long> buffer)
        {
            if (call.Started >= warmUntil)
            {
                recorder.Record(buffer, Stopwatch.GetTimestamp() - call.Started, call.Outcome);
            }
        }

        CallSchedule? schedule = null;
        // The concurrency reported: the callers, or on a schedule the most calls that were in
        // flight at once while measured.
        var mostInFlight = options.Rate is null ? options.Concurrency : 0;
        var loop = connections[0].Loop;
        if (options.Rate is { } rate)
        {
            // Calls are started and their answers recorded on the loop's thread.
            var buffer = recorder.NewWorkerBuffer();
            void Completed(WireCall call)
            {
                Record(call, buffer);
                Release();
            }

            schedule = new CallSchedule(rate, (ticket, due) =>
            {
                if (due >= stopAt || nextRequest() is not { } request)
                {
                    return false;
                }

                var index = (int)(ticket % connections.Length);
                var inFlight = Interlocked.Increment(ref running) - 1;
                if (due >= warmUntil)
                {
                    mostInFlight = Math.Max(mostInFlight, inFlight);
                }

                connections[index].Start(new WireCall(target, Completed) { Request = request, Started = due });
                return true;
            });
            _ = schedule.Done.ContinueWith(_ =>
            {
                loop.SetTurn(null);
                Release();
            }, TaskScheduler.Default);
            loop.SetTurn(schedule.Turn);
        }
        else
        {
            running = options.Concurrency;
            for (var caller = 0; caller < options.Concurrency; caller++)
            {
                var connection = connections[caller % connections.Length];
                var buffer = recorder.NewWorkerBuffer();
                void Next(WireCall call)
                {
                    if (Stopwatch.GetTimestamp() >= stopAt || connection.IsClosed || nextRequest() is not { } request)
                    {
                        Release();
                        return;
                    }

                    call.Request = request;
                    call.Started = Stopwatch.GetTimestamp();
                    connection.Start(call);
                }

                Next(new WireCall(target, call =>
                {
                    Record(call, buffer);
                    Next(call);
                }));
            }
        }

        await finished.Task.WaitAsync(options.Warmup + options.Duration + TimeSpan.FromSeconds(30));
        if (schedule is not null)
        {
            await schedule.Done;
        }

        var cpuAtEnd = CpuSample.Take(options.ServerPid);
        var seconds = Math.Min(Measured(), options.Duration.TotalSeconds);
        var (p50, p90, p99, max) = recorder.Percentiles();
        var extra = new Dictionary<string, double> { ["connections"] = Math.Min(connections.Length, options.Rate is null ? options.Concurrency : connections.Length) };
        if (options.Rate is { } targetRate)
        {
            extra["target_per_second"] = targetRate;
        }

        CpuSample.Describe(await cpuAtStart, cpuAtEnd, recorder.Count, extra);

        return new ScenarioResult(scenario, mostInFlight, seconds, recorder.Count, recorder.Count / seconds, p50, p90, p99, max,
            recorder.Outcomes, memoryBefore, ServerMemory.MiB(options.ServerPid), extra);
    }

    private const string LoadSku = "load-sku";

    private static Money LoadPrice() => new() { CurrencyCode = "EUR", Units = 9, Nanos = 990_000_000 };

    private static LineItem[] Items() => [new() { Sku = LoadSku, Quantity = 2 }];

    private CreateOrderRequest NewOrder() => NewOrder(userId);

    private static CreateOrderRequest NewOrder(string owner) => new() { UserId = owner, Items = { Items() } };
}
