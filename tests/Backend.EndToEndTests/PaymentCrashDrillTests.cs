using System.Collections.Concurrent;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Xunit.Abstractions;
using Money = Backend.Type.V1.Money;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.EndToEndTests;

/// <summary>
/// The host is killed (-9) in the middle of a burst of 200 concurrent payments and started again
/// on the same data. Whatever a caller saw succeed is still there, every paid order becomes PAID
/// with that payment, no order is paid twice, and retrying every call with its idempotency key
/// neither loses nor duplicates a payment.
/// </summary>
public sealed class PaymentCrashDrillTests(ITestOutputHelper output)
{
    private const int PaymentCount = 200;

    // The first orders get two racing payments under different keys; the rest get one.
    private const int OrderCount = 150;



    [Fact]
    public async Task Host_KilledDuringTwoHundredConcurrentPayments_NothingAcknowledgedIsLostOrDoubled()
    {
        var port = HostProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = SigningKeyPem.NewEc(),
            ["Bootstrap__AdminEmail"] = "drill@example.com",
            ["Bootstrap__AdminPassword"] = "crash drill password",
            ["RateLimiting__Enabled"] = "false",
            // Charges the crash left unfinished are finished by recovery soon after the restart.
            ["Payments__RecoverAfter"] = "00:00:02",
            // The processor takes up to two seconds, as a real one may: the kill finds charges at
            // every stage, from recorded but unanswered to answered but not handed over.
            ["Payments__SimulatedProcessorLatency"] = "00:00:02",
            // Hand-overs the killed process had leased are taken over once their lease runs out.
            ["Payments__Outbox__Lease"] = "00:00:03",
        };

        var host = await HostProcess.StartAsync(environment, dataDirectory: data, port: port, direct: true);
        var signedIn = await new UserService.UserServiceClient(host.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "drill@example.com", Password = "crash drill password" });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var orders = await CreateOrdersAsync(new OrderService.OrderServiceClient(host.Channel), signedIn.User.Id, headers);
        var attempts = Enumerable.Range(0, PaymentCount)
            .Select(i => new Attempt(orders[i % OrderCount], $"drill-{i}"))
            .ToList();

        // The burst: every call starts at once; the host dies as soon as the first payment is
        // acknowledged, killed from a thread of its own so that it does not wait behind the burst
        // for a pool thread. Charges take up to two seconds each, so however late a busy client
        // reads its answers, most are still in flight then.
        var acknowledged = new ConcurrentDictionary<string, Payment>();
        var answered = 0;
        var answeredAtKill = 0;
        using var firstAcknowledged = new ManualResetEventSlim();
        var killer = new Thread(() =>
        {
            firstAcknowledged.Wait();
            answeredAtKill = Volatile.Read(ref answered);
            _ = host.KillAsync();
        }) { IsBackground = true };
        var paymentsBefore = new PaymentService.PaymentServiceClient(host.Channel);
        killer.Start();
        var burst = attempts.Select(attempt => Task.Run(async () =>
        {
            try
            {
                var payment = (await paymentsBefore.CreatePaymentAsync(attempt.Request, headers)).Payment;
                if (payment.Status == PaymentStatus.Succeeded)
                {
                    acknowledged[attempt.Key] = payment;
                    firstAcknowledged.Set();
                }
            }
            catch (RpcException)
            {
                // Refused (the order's other payment won) or cut off by the kill.
            }

            if (Interlocked.Increment(ref answered) == PaymentCount)
            {
                firstAcknowledged.Set();
            }
        })).ToList();
        await Task.Run(killer.Join);
        await host.KillAsync();
        await Task.WhenAll(burst);
        await host.DisposeAsync();
        var acknowledgedBeforeKill = acknowledged.ToDictionary();
        output.WriteLine($"killed when {answeredAtKill} of {PaymentCount} calls were answered; {acknowledgedBeforeKill.Count} payments acknowledged before the kill");
        Assert.NotEmpty(acknowledgedBeforeKill);
        Assert.True(acknowledgedBeforeKill.Count < OrderCount, $"all {acknowledgedBeforeKill.Count} payments finished before the kill");

        var restarted = System.Diagnostics.Stopwatch.StartNew();
        await using var again = await HostProcess.StartAsync(environment, dataDirectory: data, port: port, direct: true);
        var payments = new PaymentService.PaymentServiceClient(again.Channel);
        var orderClient = new OrderService.OrderServiceClient(again.Channel);

        // Every caller retries with its key, as the contract tells callers to after a failure.
        var outcomes = await Task.WhenAll(attempts.Select(attempt => RetryUntilSettledAsync(payments, attempt, headers)));
        output.WriteLine($"every key settled {restarted.Elapsed.TotalSeconds:F1} s after the restart began");
        foreach (var (key, before) in acknowledgedBeforeKill)
        {
            var retried = outcomes.Single(o => o.Attempt.Key == key).Payment;
            Assert.NotNull(retried);
            Assert.Equal(before.Id, retried.Id);
            Assert.Equal(PaymentStatus.Succeeded, retried.Status);
            var stored = await payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = before.Id }, headers);
            Assert.Equal(PaymentStatus.Succeeded, stored.Payment.Status);
        }

        foreach (var order in orders)
        {
            var listed = await payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id, PageSize = 10 }, headers);
            var succeeded = listed.Payments.Where(p => p.Status == PaymentStatus.Succeeded).ToList();
            var answeredForOrder = outcomes.Where(o => o.Attempt.Order.Id == order.Id && o.Payment is not null).Select(o => o.Payment!.Id).Distinct();

            // One payment per key that produced one, none without a caller, and exactly one success.
            Assert.Equal(answeredForOrder.Order(), listed.Payments.Select(p => p.Id).Order());
            var paid = Assert.Single(succeeded);
            var final = await WaitUntilPaidAsync(orderClient, order.Id, headers);
            Assert.Equal(paid.Id, final.PaymentId);
            Assert.Equal(2, final.Revision);
        }
    }

    private static async Task<List<Order>> CreateOrdersAsync(OrderService.OrderServiceClient client, string userId, Metadata headers)
    {
        var created = await Task.WhenAll(Enumerable.Range(0, OrderCount).Select(async i => (await client.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = userId,
            Items = { new LineItem { Sku = $"drill-{i}", Quantity = 1 + (i % 3), UnitPrice = new Money { CurrencyCode = "EUR", Units = 10 + i } } },
        }, headers)).Order));
        return [.. created];
    }

    private static async Task<Outcome> RetryUntilSettledAsync(PaymentService.PaymentServiceClient payments, Attempt attempt, Metadata headers)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return new Outcome(attempt, (await payments.CreatePaymentAsync(attempt.Request, headers)).Payment);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition)
            {
                // The order's other payment has it; this key charged nothing.
                return new Outcome(attempt, null);
            }
            catch (RpcException error) when (error.StatusCode is StatusCode.Aborted or StatusCode.Unavailable && DateTime.UtcNow < until)
            {
                // The first request with this key is still being recovered.
                await Task.Delay(200);
            }
        }
    }

    private static async Task<Order> WaitUntilPaidAsync(OrderService.OrderServiceClient orders, string orderId, Metadata headers)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var order = (await orders.GetOrderAsync(new GetOrderRequest { OrderId = orderId }, headers)).Order;
            if (order.Status == OrderStatus.Paid || DateTime.UtcNow >= until)
            {
                Assert.Equal(OrderStatus.Paid, order.Status);
                return order;
            }

            await Task.Delay(100);
        }
    }

    private sealed record Attempt(Order Order, string Key)
    {
        public CreatePaymentRequest Request { get; } = new()
        {
            OrderId = Order.Id,
            Amount = Order.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = Key,
        };
    }

    private sealed record Outcome(Attempt Attempt, Payment? Payment);
}
