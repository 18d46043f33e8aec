using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Money = Backend.Type.V1.Money;

namespace Backend.EndToEndTests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task CreatePayment_AcrossTwoProcesses_OneTraceAndMetricsOnBothEndpoints()
    {
        var credentials = new ServiceCredentials();
        var ordersPort = HostProcess.FreePort();
        await using var orders = await HostProcess.StartAsync(new Dictionary<string, string>(credentials.Issuer(SigningKeyPem.NewEc()))
        {
            ["Host__Services"] = "users,orders",
            ["Telemetry__ConsoleSpans"] = "true",
            ["Bootstrap__AdminEmail"] = "ops@example.com",
            ["Bootstrap__AdminPassword"] = "operations password",
        }, port: ordersPort);
        await using var payments = await HostProcess.StartAsync(new Dictionary<string, string>(credentials.Service("payments", new Uri($"http://127.0.0.1:{ordersPort}")))
        {
            ["Host__Services"] = "payments",
            ["Endpoints__Orders"] = $"http://127.0.0.1:{ordersPort}",
            ["Telemetry__ConsoleSpans"] = "true",
        });
        var signedIn = await new UserService.UserServiceClient(orders.Channel)
            .AuthenticateAsync(new AuthenticateRequest { Email = "ops@example.com", Password = "operations password" });
        var headers = Bearer.Headers(signedIn.AccessToken);
        var orderClient = new OrderService.OrderServiceClient(orders.Channel);
        var order = (await orderClient.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = signedIn.User.Id,
            Items = { new LineItem { Sku = "kettle", Quantity = 1, UnitPrice = new Money { CurrencyCode = "EUR", Units = 30 } } },
        }, headers)).Order;
        using var watch = orderClient.WatchOrder(new WatchOrderRequest { OrderId = order.Id }, headers);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));

        await new PaymentService.PaymentServiceClient(payments.Channel).CreatePaymentAsync(new CreatePaymentRequest
        {
            OrderId = order.Id,
            Amount = order.Total,
            PaymentMethod = "pm_card_visa",
            IdempotencyKey = "telemetry-1",
        }, headers);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Spans: the payment's server span and the order service's spans of the same call share a trace.
        var paymentTrace = TraceIdOf(payments.Output, "CreatePayment");
        Assert.NotNull(paymentTrace);
        Assert.Equal(paymentTrace, TraceIdOf(orders.Output, "GetOrder", paymentTrace));
        Assert.Equal(paymentTrace, TraceIdOf(orders.Output, "MarkOrderPaid", paymentTrace));

        using var http = new HttpClient();
        var paymentsMetrics = await http.GetStringAsync(payments.MetricsAddress);
        var ordersMetrics = await http.GetStringAsync(orders.MetricsAddress);
        Assert.Contains("backend_payments_outbox_backlog", paymentsMetrics, StringComparison.Ordinal);
        Assert.Contains("backend_payments_outbox_oldest_age", paymentsMetrics, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration", paymentsMetrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", paymentsMetrics, StringComparison.Ordinal);
        Assert.Contains("backend_orders_watch_streams", ordersMetrics, StringComparison.Ordinal);
        Assert.Contains("backend_orders_events_delivered", ordersMetrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", ordersMetrics, StringComparison.Ordinal);
        Assert.Contains("microsoft_entityframeworkcore", ordersMetrics, StringComparison.Ordinal);
        foreach (var output in new[] { orders.Output, payments.Output })
        {
            Assert.DoesNotContain("operations password", output, StringComparison.Ordinal);
            Assert.DoesNotContain(signedIn.AccessToken, output, StringComparison.Ordinal);
        }
    }

    /// <summary>The trace id of the first span written to the output whose text names <paramref name="method"/>.</summary>
    private static string? TraceIdOf(string output, string method, string? trace = null)
    {
        var spans = output.Split("Activity.TraceId:", StringSplitOptions.RemoveEmptyEntries).Skip(1);
        return spans
            .Where(s => s.Contains(method, StringComparison.Ordinal))
            .Select(s => s.Trim().Split(['\n', ' '], 2)[0].Trim())
            .FirstOrDefault(id => trace is null || id == trace);
    }
}
