using System.Collections.Concurrent;
using System.Text;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests.Fuzz;

/// <summary>
/// A bounded fuzz run against a real host: every RPC of the contract receives corrupt protobuf,
/// broken frames, invalid UTF-8, extreme numbers, hostile ids and page tokens, an oversize message
/// and a 10,000-item order. Every answer must be a proper gRPC status with details, nothing may be
/// stored, the host must stay healthy and its memory bounded.
/// </summary>
public sealed class MalformedInputFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;

    // What a repeated fuzz pass may add to the host's resident memory, once warmed up.
    private const double MaxGrowthMiB = 96;

    private static readonly StatusCode[] NeverProper =
        [StatusCode.Unknown, StatusCode.Internal, StatusCode.DataLoss, StatusCode.Unavailable, StatusCode.Unimplemented];

    [Fact]
    public async Task EveryRpc_MalformedInput_ProperStatusNothingStoredHostHealthy()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Bootstrap__AdminEmail"] = "fuzz@example.com",
            ["Bootstrap__AdminPassword"] = "fuzz admin password",
            ["RateLimiting__Enabled"] = "false",
        }, direct: true);
        var seeded = await SeedAsync(host);
        var corpus = Corpus(seeded);
        output.WriteLine($"{corpus.Count} requests a pass over {corpus.Select(c => c.Method).Distinct().Count()} RPCs");

        using var caller = new RawGrpcCaller(host.Address);
        var before = Snapshot(host.DataDirectory);
        var problems = await RunAsync(caller, corpus, seeded.Token);
        var warm = ResidentMiB(host.ProcessId);
        for (var pass = 2; pass <= 3; pass++)
        {
            problems.AddRange(await RunAsync(caller, corpus, seeded.Token));
        }

        var after = ResidentMiB(host.ProcessId);
        output.WriteLine($"resident memory after pass 1: {warm:F0} MiB, after pass 3: {after:F0} MiB");

        Assert.True(problems.Count == 0, $"{problems.Count} improper answers:\n" + string.Join('\n', problems.Distinct().Take(60)));
        var rowsAfter = Snapshot(host.DataDirectory);
        var changed = rowsAfter.Except(before).ToList();
        Assert.True(changed.Count == 0 && rowsAfter.Count == before.Count,
            "the fuzz run stored something:\n" + string.Join('\n', changed.Take(20)));
        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var stillWorks = await new OrderService.OrderServiceClient(host.Channel)
            .GetOrderAsync(new GetOrderRequest { OrderId = seeded.OrderId }, Bearer.Headers(seeded.Token));
        Assert.Equal(Orders.V1.OrderStatus.PendingPayment, stillWorks.Order.Status);
        Assert.True(after - warm < MaxGrowthMiB, $"memory grew from {warm:F0} MiB to {after:F0} MiB over two more passes");
    }

    private static async Task<List<string>> RunAsync(RawGrpcCaller caller, IReadOnlyList<FuzzCase> corpus, string token)
    {
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzz, _) =>
        {
            var streaming = fuzz.Method.IsServerStreaming;
            var answer = await caller.CallAsync(fuzz.Path, fuzz.Body, fuzz.ForgedToken ?? token, fuzz.Encoding, streaming ? TimeSpan.FromSeconds(1) : null);
            if (Judge(fuzz, answer) is { } problem)
            {
                problems.Add($"{fuzz}: {problem} [{answer}]");
            }
        });
        return [.. problems];
    }

    private static string? Judge(FuzzCase fuzz, RawAnswer answer)
    {
        if (answer.HttpStatus != 200 || answer.Status is not { } status)
        {
            return "not a gRPC answer";
        }

        if (status == StatusCode.DeadlineExceeded)
        {
            // A watch of something that may yet change waits for the caller's deadline; the
            // caller's client ends the call itself at that moment, details or not.
            return fuzz.Method.IsServerStreaming && fuzz.Kind == FuzzKind.Hostile ? null : "timed out";
        }

        if (NeverProper.Contains(status))
        {
            return "improper status";
        }

        if (status == StatusCode.OK)
        {
            return fuzz.Kind == FuzzKind.Hostile ? null : "accepted";
        }

        if (answer.Details is null || answer.Details.Code != (int)status || answer.Info?.Domain != "backend")
        {
            return "no google.rpc.Status with an ErrorInfo";
        }

        return fuzz.Kind switch
        {
            FuzzKind.Corrupt when status is not (StatusCode.InvalidArgument or StatusCode.ResourceExhausted or StatusCode.PermissionDenied) =>
                "corrupt request not refused as INVALID_ARGUMENT",
            _ => null,
        };
    }

    private static List<FuzzCase> Corpus(Seeded seeded)
    {
        var random = new Random(Seed);
        var cases = new List<FuzzCase>();
        foreach (var method in Contract.Services.SelectMany(s => s.Methods))
        {
            var valid = ValidRequests(seeded).TryGetValue(method.Name, out var json) ? DynamicCall.ParseRequest(method, json) : null;
            // SignOut ends the session every other case runs on, whatever its request holds (an
            // empty message is a whole SignOutRequest); SessionTests cover it.
            if (method.Name != "SignOut")
            {
                cases.AddRange(FuzzCorpus.For(method, valid, random));
            }
        }

        cases.Add(FuzzCorpus.TenThousandItems(OrderService.Descriptor.FindMethodByName("CreateOrder"), seeded.UserId));
        return cases;
    }

    // An otherwise valid request per RPC, so that the one broken field is what must be noticed.
    private static Dictionary<string, string> ValidRequests(Seeded s) => new()
    {
        ["CreateUser"] = """{"email":"fuzz-new@example.com","displayName":"Fuzz","password":"a valid password"}""",
        ["Authenticate"] = """{"email":"fuzz@example.com","password":"fuzz admin password"}""",
        ["GetUser"] = $$"""{"userId":"{{s.UserId}}"}""",
        ["ListUsers"] = """{"pageSize":10}""",
        ["UpdateUser"] = $$"""{"user":{"id":"{{s.UserId}}","displayName":"Renamed","role":"ROLE_USER"},"updateMask":"displayName,role"}""",
        ["DeleteUser"] = $$"""{"userId":"{{s.UserId}}"}""",
        ["CreateOrder"] = $$$"""{"userId":"{{{s.UserId}}}","items":[{"sku":"fuzz","quantity":2,"unitPrice":{"currencyCode":"EUR","units":"5"}}]}""",
        ["GetOrder"] = $$"""{"orderId":"{{s.OrderId}}"}""",
        ["ListOrders"] = $$"""{"userId":"{{s.UserId}}","pageSize":10}""",
        ["ListPrices"] = """{"pageSize":10}""",
        ["CancelOrder"] = $$"""{"orderId":"{{s.OrderId}}","reason":"fuzz"}""",
        ["UpdateOrderStatus"] = $$"""{"orderId":"{{s.PaidOrderId}}","status":"ORDER_STATUS_SHIPPED"}""",
        ["MarkOrderPaid"] = $$"""{"orderId":"{{s.OrderId}}","paymentId":"{{s.PaymentId}}"}""",
        ["MarkOrderRefunded"] = $$"""{"orderId":"{{s.PaidOrderId}}","paymentId":"{{s.PaymentId}}"}""",
        ["WatchOrder"] = $$"""{"orderId":"{{s.OrderId}}"}""",
        ["WatchOrders"] = $$"""{"userId":"{{s.UserId}}"}""",
        ["WatchOrderChanges"] = $$"""{"userId":"{{s.UserId}}","statuses":["ORDER_STATUS_PAID"]}""",
        ["CreatePayment"] = $$"""{"orderId":"{{s.OrderId}}","amount":{"currencyCode":"EUR","units":"10"},"paymentMethod":"pm_card_visa","idempotencyKey":"fuzz-key"}""",
        ["GetPayment"] = $$"""{"paymentId":"{{s.PaymentId}}"}""",
        ["ListPayments"] = $$"""{"orderId":"{{s.PaidOrderId}}","pageSize":10}""",
        ["RefundPayment"] = $$"""{"paymentId":"{{s.PaymentId}}","idempotencyKey":"fuzz-refund","reason":"fuzz"}""",
    };

    private static async Task<Seeded> SeedAsync(HostProcess host)
    {
        var token = (await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "fuzz@example.com", Password = "fuzz admin password" })).AccessToken;
        var headers = Bearer.Headers(token);
        var user = (await new UserService.UserServiceClient(host.Channel).CreateUserAsync(
            new CreateUserRequest { Email = "target@example.com", DisplayName = "Target", Password = "target password" }, headers)).User;
        var orders = new OrderService.OrderServiceClient(host.Channel);
        CreateOrderRequest NewOrder() => new()
        {
            UserId = user.Id,
            Items = { new LineItem { Sku = "fuzz", Quantity = 2, UnitPrice = new Money { CurrencyCode = "EUR", Units = 5 } } },
        };
        var open = (await orders.CreateOrderAsync(NewOrder(), headers)).Order;
        var paid = (await orders.CreateOrderAsync(NewOrder(), headers)).Order;
        var payment = (await new PaymentService.PaymentServiceClient(host.Channel).CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = paid.Id,
            Amount = paid.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = "seed",
        }, headers)).Payment;

        // The hand-over is done before the snapshot, so the dispatcher has nothing left to write.
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await orders.GetOrderAsync(new GetOrderRequest { OrderId = paid.Id }, headers)).Order.Status != Orders.V1.OrderStatus.Paid)
        {
            Assert.True(DateTime.UtcNow < until, "the seeded payment was not handed over");
            await Task.Delay(100);
        }

        return new Seeded(token, user.Id, open.Id, paid.Id, payment.Id);
    }

    /// <summary>Every row of every table of the host's SQLite databases, a line each.</summary>
    private static List<string> Snapshot(string dataDirectory)
    {
        var rows = new List<string>();
        foreach (var file in Directory.GetFiles(dataDirectory, "*.db").Order())
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var row = new StringBuilder($"{Path.GetFileName(file)} {table}:");
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row.Append(' ').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                    }

                    rows.Add(row.ToString());
                }
            }
        }

        return rows;
    }

    private static double ResidentMiB(int pid) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    private sealed record Seeded(string Token, string UserId, string OrderId, string PaidOrderId, string PaymentId);
}
