using System.Diagnostics;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Npgsql;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>Two host processes on one PostgreSQL database behave as one platform.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly string _database = "backend_e2e_" + Guid.NewGuid().ToString("N");
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
        };
        // Both at once on the new database, as replicas of a deployment start.
        var a = HostProcess.StartAsync(environment);
        var b = HostProcess.StartAsync(environment);
        try
        {
            await Task.WhenAll(a, b);
        }
        finally
        {
            // Whichever started is disposed with the test, also when the other did not.
            _a = a.IsCompletedSuccessfully ? a.Result : null;
            _b = b.IsCompletedSuccessfully ? b.Result : null;
        }
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
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
    public void BothInstances_StartedTogetherOnANewDatabase_LogNoError()
    {
        // Both raced to migrate and to create the bootstrap admin; one lost each race, quietly.
        foreach (var host in new[] { _a!, _b! })
        {
            Assert.Contains("Application started", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("crit:", host.Output, StringComparison.Ordinal);
        }
    }

    [PostgresFact]
    public async Task WatchOnB_ChangesMadeOnA_ArriveInOrderWithinOneSecond()
    {
        var (headers, userId) = await SignInAsync(_a!);
        var ordersA = new OrderService.OrderServiceClient(_a!.Channel);
        var ordersB = new OrderService.OrderServiceClient(_b!.Channel);
        var order = await PlaceAsync(ordersA, headers, userId);

        var arrivals = new List<(OrderEvent Event, long At)>();
        var clock = Stopwatch.StartNew();
        using var call = ordersB.WatchOrder(new WatchOrderRequest { OrderId = order.Id }, headers);
        var watching = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                lock (arrivals)
                {
                    arrivals.Add((response.Event, clock.ElapsedMilliseconds));
                }
            }
        });
        await WaitUntil(() => { lock (arrivals) { return arrivals.Count == 1; } });

        var madeAt = new List<long>();
        foreach (var step in new[] { OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Delivered })
        {
            await Task.Delay(150);
            if (step == OrderStatus.Paid)
            {
                await ordersA.MarkOrderPaidAsync(new MarkOrderPaidRequest { OrderId = order.Id, PaymentId = "01a20000000070008000000000000a01" }, headers);
            }
            else
            {
                await ordersA.UpdateOrderStatusAsync(new UpdateOrderStatusRequest { OrderId = order.Id, Status = step }, headers);
            }

            madeAt.Add(clock.ElapsedMilliseconds);
        }

        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L, 2L, 3L, 4L], arrivals.Select(a => a.Event.Revision));
        for (var i = 0; i < madeAt.Count; i++)
        {
            var latency = arrivals[i + 1].At - madeAt[i];
            Assert.True(latency < 1000, $"revision {i + 2} reached B {latency} ms after A acknowledged it");
        }
    }

    [PostgresFact]
    public async Task Payments_OnBothInstancesWithBothDispatchers_EachOrderPaidExactlyOnce()
    {
        var (headers, userId) = await SignInAsync(_a!);
        var orders = new OrderService.OrderServiceClient(_a!.Channel);
        var placed = new List<Order>();
        for (var i = 0; i < 10; i++)
        {
            placed.Add(await PlaceAsync(orders, headers, userId));
        }

        var payments = await Task.WhenAll(placed.Select((order, i) =>
            new PaymentService.PaymentServiceClient(i % 2 == 0 ? _a.Channel : _b!.Channel).CreatePaymentAsync(new CreatePaymentRequest
            {
                OrderId = order.Id,
                Amount = order.Total,
                PaymentMethod = "pm_card_visa",
                IdempotencyKey = "both-" + i,
            }, headers).ResponseAsync));

        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var (order, payment) in placed.Zip(payments))
        {
            var current = (await orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, headers)).Order;
            Assert.Equal(OrderStatus.Paid, current.Status);
            Assert.Equal(payment.Payment.Id, current.PaymentId);
            Assert.Equal(2, current.Revision);
        }
    }

    private static async Task<(Metadata Headers, string UserId)> SignInAsync(HostProcess host)
    {
        var signedIn = await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        return (Bearer.Headers(signedIn.AccessToken), signedIn.User.Id);
    }

    private static async Task<Order> PlaceAsync(OrderService.OrderServiceClient orders, Metadata headers, string userId) =>
        (await orders.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = userId,
            Items = { new LineItem { Sku = "sku", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 9 } } },
        }, headers)).Order;

    private static async Task WaitUntil(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
