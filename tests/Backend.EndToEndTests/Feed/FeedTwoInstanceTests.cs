using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Npgsql;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests.Feed;

/// <summary>
/// The change feed of two host processes on one PostgreSQL database, written by concurrent
/// callers on both, read by one reader that hangs up at random and resumes on either instance.
/// </summary>
public sealed class FeedTwoInstanceTests : IAsyncLifetime
{
    private const int Writers = 8;
    private const int OrdersPerWriter = 313;
    private const int ChangesPerOrder = 4;

    private readonly string _database = "backend_feed_" + Guid.NewGuid().ToString("N");
    private HostProcess? _a;
    private HostProcess? _b;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.Server is null)
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(PostgresFactAttribute.Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var environment = new Dictionary<string, string>
        {
            ["Data__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.Server) { Database = _database }.ToString(),
            ["Auth__SigningKey"] = SigningKeyPem.NewEc(),
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
            ["RateLimiting__Enabled"] = "false",
            // One token for the whole run, however long a busy machine makes it.
            ["Auth__AccessTokenLifetime"] = "02:00:00",
        };
        var a = HostProcess.StartAsync(environment);
        var b = HostProcess.StartAsync(environment);
        try
        {
            await Task.WhenAll(a, b);
        }
        finally
        {
            _a = a.IsCompletedSuccessfully ? a.Result : null;
            _b = b.IsCompletedSuccessfully ? b.Result : null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _a, _b })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        if (PostgresFactAttribute.Server is not null)
        {
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.Server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [PostgresFact]
    public async Task WatchOrderChanges_ConcurrentWritersOnBothInstances_ReaderResumingAtRandomGetsEveryChangeOnce()
    {
        var signIn = await new UserService.UserServiceClient(_a!.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var headers = Bearer.Headers(signIn.AccessToken);
        var instances = new[] { new OrderService.OrderServiceClient(_a.Channel), new OrderService.OrderServiceClient(_b!.Channel) };
        var seed = Environment.TickCount;
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var reader = new RandomResumingReader(instances, headers, seed);

        var reading = reader.ReadAsync(overall.Token);
        var placed = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => WriteAsync(instances, headers, signIn.User.Id, seed + w, overall.Token)));
        var orderIds = placed.SelectMany(ids => ids).ToList();
        reader.Expect(orderIds.Count * ChangesPerOrder);
        // Once everything is written the reader catches up, or what it lacks shows below.
        overall.CancelAfter(HostProcess.StartTimeout * 2);
        await reading;

        var delivered = reader.Delivered;
        var context = $"seed {seed}, {reader.Sessions} sessions, {delivered.Count} of {orderIds.Count * ChangesPerOrder} changes delivered";
        Assert.True(delivered.Count >= 10_000, context);
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(orderIds.Count * ChangesPerOrder, delivered.Count);
        var byOrder = delivered.GroupBy(d => d.OrderId).ToDictionary(g => g.Key, g => g.Select(d => d.Revision).ToList());
        Assert.Equal(orderIds.Order(), byOrder.Keys.Order());
        Assert.All(byOrder.Values, revisions => Assert.Equal([1L, 2L, 3L, 4L], revisions));
    }

    // Places orders one after another and takes each through paid, shipped and delivered, every
    // call on an instance picked at random.
    private static async Task<List<string>> WriteAsync(
        OrderService.OrderServiceClient[] instances, Metadata headers, string userId, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        OrderService.OrderServiceClient Any() => instances[random.Next(instances.Length)];
        var ids = new List<string>();
        for (var i = 0; i < OrdersPerWriter; i++)
        {
            var order = (await Any().CreateOrderAsync(new CreateOrderRequest
            {
                UserId = userId,
                Items = { new LineItem { Sku = "feed", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 3 } } },
            }, headers, cancellationToken: cancellationToken)).Order;
            await Any().MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = order.Id, PaymentId = Guid.NewGuid().ToString("N") }, headers, cancellationToken: cancellationToken);
            await Any().UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = order.Id, Status = OrderStatus.Shipped }, headers, cancellationToken: cancellationToken);
            await Any().UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = order.Id, Status = OrderStatus.Delivered }, headers, cancellationToken: cancellationToken);
            ids.Add(order.Id);
        }

        return ids;
    }
}
