using Backend.Orders.Client;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Net.Client;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

/// <summary>
/// Payments and orders in separate processes. The charge is acknowledged, then both processes
/// die (payments by kill -9) before the hand-over reaches orders; when they are back, the order
/// becomes PAID on its own, exactly once, and its watcher sees it.
/// </summary>
public sealed class TwoProcessHandOverTests
{
    [Fact]
    public async Task Payment_BothProcessesKilledBeforeHandOver_OrderPaidOnceWhenBack()
    {
        var credentials = new ServiceCredentials();
        var ordersPort = HostProcess.FreePort();
        var paymentsPort = HostProcess.FreePort();
        var ordersData = NewDirectory();
        var paymentsData = NewDirectory();
        var ordersEnvironment = new Dictionary<string, string>(credentials.Issuer(SigningKeyPem.NewEc()))
        {
            ["Host__Services"] = "users,orders",
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
        };
        Dictionary<string, string> PaymentsEnvironment(bool dispatch) => new(credentials.Service("payments", new Uri($"http://127.0.0.1:{ordersPort}")))
        {
            ["Host__Services"] = "payments",
            ["Endpoints__Orders"] = $"http://127.0.0.1:{ordersPort}",
            ["Payments__Outbox__DispatcherEnabled"] = dispatch ? "true" : "false",
        };

        var orders = await HostProcess.StartAsync(ordersEnvironment, dataDirectory: ordersData, port: ordersPort);
        var payments = await HostProcess.StartAsync(PaymentsEnvironment(dispatch: false), dataDirectory: paymentsData, port: paymentsPort);
        using var ordersChannel = GrpcChannel.ForAddress(orders.Address);
        using var paymentsChannel = GrpcChannel.ForAddress(payments.Address);
        var signedIn = await new UserService.UserServiceClient(ordersChannel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var orderClient = new OrderService.OrderServiceClient(ordersChannel);
        var order = (await orderClient.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = signedIn.User.Id,
            Items = { new LineItem { Sku = "lamp", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 40 } } },
        }, headers)).Order;

        var seen = new List<OrderEvent>();
        using var stopWatching = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watching = Task.Run(async () =>
        {
            var options = new OrderWatchOptions { MaxConsecutiveReconnects = 500, MaxBackoff = TimeSpan.FromMilliseconds(200) };
            await foreach (var orderEvent in orderClient.WatchOrderEventsAsync(order.Id, headers: headers, options: options, cancellationToken: stopWatching.Token))
            {
                lock (seen)
                {
                    seen.Add(orderEvent);
                }

                if (orderEvent.Status == Orders.V1.OrderStatus.Paid)
                {
                    return;
                }
            }
        });

        var payment = (await new PaymentService.PaymentServiceClient(paymentsChannel).CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = order.Id,
            Amount = order.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = "two-process-1",
        }, headers)).Payment;
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);

        // Right after the answer: payments is killed (-9) and orders becomes unreachable.
        await payments.DisposeAsync();
        await orders.DisposeAsync();

        await using var paymentsAgain = await HostProcess.StartAsync(PaymentsEnvironment(dispatch: true), dataDirectory: paymentsData, port: paymentsPort);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using var ordersAgain = await HostProcess.StartAsync(ordersEnvironment, dataDirectory: ordersData, port: ordersPort);
        // The relay retries on its own, with backoff capped well below this wait: the order is
        // paid without any further call.
        await watching.WaitAsync(TestTime.Scaled(TimeSpan.FromSeconds(60)));

        var final = (await new OrderService.OrderServiceClient(ordersAgain.Channel).GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, headers)).Order;
        Assert.Equal(Orders.V1.OrderStatus.Paid, final.Status);
        Assert.Equal(payment.Id, final.PaymentId);
        Assert.Equal(2, final.Revision);
        Assert.Equal([Orders.V1.OrderStatus.PendingPayment, Orders.V1.OrderStatus.Paid], seen.Select(e => e.Status));
        var listed = await new PaymentService.PaymentServiceClient(paymentsAgain.Channel)
            .ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, headers);
        Assert.Equal([payment.Id], listed.Payments.Select(p => p.Id));
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
}
