using System.Globalization;

namespace Backend.LoadTool;

/// <summary>The command line: <c>--name value</c> pairs and <c>--smoke</c>.</summary>
internal sealed record LoadOptions
{
    public Uri Address { get; init; } = new("http://localhost:5000");

    public string Email { get; init; } = "admin@example.com";

    public string Password { get; init; } = "change me, please";

    public string? Token { get; init; }

    /// <summary>
    /// What to run, in order. <c>get-order-half</c> repeats get-order on a fixed schedule at half
    /// the rate get-order reached before it, for the latency of a server that is not saturated;
    /// <c>health-half</c> does the same for health.
    /// </summary>
    public IReadOnlyList<string> Scenarios { get; init; } =
        ["health", "get-order", "get-order-half", "get-order-rate", "list-orders", "create-order", "create-payment", "watch-fanout", "watch-idle"];

    /// <summary>
    /// The bare reference host (tests/Backend.ReferenceHost), when one runs beside the platform:
    /// <c>get-order-rate</c> then measures it at the same rate in the same run,
    /// <c>reference-health</c> measures its health calls and <c>reference-health-half</c> those at
    /// half the rate <c>reference-health</c> reached.
    /// </summary>
    public Uri? ReferenceAddress { get; init; }

    /// <summary>
    /// The stored reference (tests/Backend.ReferenceHost with <c>Reference:SigningKey</c>) and a
    /// token it accepts: <c>reference-stored-get-order</c> measures its GetOrder, the framework's
    /// own token check and EF Core read with nothing of the platform's.
    /// </summary>
    public Uri? StoredReferenceAddress { get; init; }

    public string? StoredReferenceToken { get; init; }

    /// <summary>
    /// Set for the scenarios <c>reference-watch-idle</c> and <c>reference-watch-fanout</c>: the
    /// watch scenarios with the same options, their orders placed, changed and watched on the bare
    /// reference host (<see cref="ReferenceAddress"/>, an in-memory WatchOrder) instead of the
    /// platform, its memory read from <see cref="ReferencePid"/>.
    /// </summary>
    public bool WatchReference { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Calls made before measuring starts, while the server warms up. A fresh host under load on
    /// two cores reaches its steady rate after 10-12 s (the JIT recompiles hot methods with their
    /// profile in the background, on the same cores as the load), the tool after a few more.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Calls per second on a fixed schedule; as fast as answers come when null.</summary>
    public double? Rate { get; init; }

    public int Concurrency { get; init; } = 64;

    /// <summary>
    /// HTTP/2 connections the request/response scenarios spread their workers over. Eight, as
    /// from a few client services each with one channel: a connection per worker would leave
    /// every connection with one call in flight, which no gRPC client does.
    /// </summary>
    public int Connections { get; init; } = 8;

    /// <summary>HTTP/2 connections <c>watch-fanout</c> spreads its streams over.</summary>
    public int WatchConnections { get; init; } = 100;

    public int Streams { get; init; } = 1000;

    public int Changes { get; init; } = 20;

    /// <summary>Callers of the one client that floods Authenticate in <c>get-order-half-sign-in-flood</c>.</summary>
    public int FloodConcurrency { get; init; } = 32;

    /// <summary>Sign-ins of each kind <c>sign-in-timing</c> times.</summary>
    public int TimingCalls { get; init; } = 20;

    /// <summary>
    /// The orders the watch scenarios spread their streams over: <c>watch-fanout</c> defaults to
    /// as many as its changes need (three moves each), <c>watch-idle</c> to one per ten streams.
    /// </summary>
    public int? Orders { get; init; }

    /// <summary>How many orders <c>seed-orders</c> places, to grow the database before the <c>-grown</c> reads.</summary>
    public int SeedOrders { get; init; } = 200_000;

    public int? ServerPid { get; init; }

    /// <summary>The reference host's process, for its memory and CPU in the reference rows.</summary>
    public int? ReferencePid { get; init; }

    public string? JsonPath { get; init; }

    public string? ChartPath { get; init; }

    /// <summary>Where to draw the chart of the targets, each beside the bare host's figure (<see cref="TargetChart"/>).</summary>
    public string? TargetChartPath { get; init; }

    /// <summary>Results of earlier runs to draw <see cref="TargetChartPath"/> from, instead of measuring.</summary>
    public IReadOnlyList<string> ResultsPaths { get; init; } = [];

    /// <summary>With <see cref="ResultsPaths"/>: results of the bare host measured in a run of its own.</summary>
    public string? ReferenceResultsPath { get; init; }

    /// <summary>Seconds, a few streams: checks the tool works, not the figures.</summary>
    public bool Smoke { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--address" => options with { Address = new Uri(Next()) },
                "--email" => options with { Email = Next() },
                "--password" => options with { Password = Next() },
                "--token" => options with { Token = Next() },
                "--scenario" or "--scenarios" => options with { Scenarios = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--connections" => options with { Connections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--watch-connections" => options with { WatchConnections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--streams" => options with { Streams = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--changes" => options with { Changes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--flood-concurrency" => options with { FloodConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--timing-calls" => options with { TimingCalls = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--orders" => options with { Orders = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed-orders" => options with { SeedOrders = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--reference-address" => options with { ReferenceAddress = new Uri(Next()) },
                "--stored-reference-address" => options with { StoredReferenceAddress = new Uri(Next()) },
                "--stored-reference-token" => options with { StoredReferenceToken = Next() },
                "--server-pid" => options with { ServerPid = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--reference-pid" => options with { ReferencePid = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--json" => options with { JsonPath = Next() },
                "--chart" => options with { ChartPath = Next() },
                "--target-chart" => options with { TargetChartPath = Next() },
                "--results" => options with { ResultsPaths = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--reference-results" => options with { ReferenceResultsPath = Next() },
                "--smoke" => options with { Smoke = true, Duration = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero, Concurrency = 4, Connections = 2, WatchConnections = 2, Streams = 20, Changes = 3, SeedOrders = 50 },
                "--help" or "-h" => throw new ArgumentException(Usage),
                var other => throw new ArgumentException($"unknown option {other}\n{Usage}"),
            };
        }

        return options;
    }

    public const string Usage = """
        usage: Backend.LoadTool [--address http://localhost:5000] [--email E --password P | --token T]
                                [--scenario health,health-half,get-order,get-order-half,get-order-rate,list-orders,create-order,
                                            create-payment,watch-fanout,watch-idle,seed-orders,get-order-grown,list-orders-grown,
                                            reference-health,reference-health-half,reference-stored-get-order,reference-watch-fanout,reference-watch-idle,
                                            get-order-half-sign-in-flood,sign-in-timing]
                                [--duration 10] [--warmup 15] [--rate R] [--concurrency 64] [--connections 8]
                                [--watch-connections 100] [--streams 1000] [--changes 20] [--orders N] [--seed-orders 200000]
                                [--reference-address http://localhost:5001] [--server-pid PID] [--reference-pid PID]
                                [--stored-reference-address http://localhost:5002 --stored-reference-token T]
                                [--flood-concurrency 32] [--timing-calls 20]
                                [--json results.json] [--chart results.svg] [--target-chart targets.svg] [--smoke]
               Backend.LoadTool --results a.json[,b.json] [--reference-results reference.json] --target-chart targets.svg
        """;
}
