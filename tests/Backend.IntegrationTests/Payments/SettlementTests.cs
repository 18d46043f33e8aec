using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Backend.IntegrationTests.Orders;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

/// <summary>With OrderService in the same process, payments settle with it in-process.</summary>
public sealed class SettlementTests
{
    [Fact]
    public async Task CreatePayment_InOneProcess_NoRequestToItselfAndOrderPaid()
    {
        await using var factory = new BackendFactory();
        var routes = new ConcurrentQueue<string>();
        using var listener = RequestsServedBy(factory, routes);
        var (order, token) = await factory.OrderInAsync(OrderStatus.PendingPayment);

        var payment = await factory.PayAsync(order, token);
        var paid = (await factory.Orders.GetOrderAsync(new Backend.Orders.V1.GetOrderRequest { OrderId = order.Id }, PaymentScenarios.Headers(token))).Order;

        await WaitUntilAsync(() => routes.Contains(GetOrderRoute) && routes.Contains(CreatePaymentRoute));
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Equal(payment.Id, paid.PaymentId);
        Assert.Single(routes, r => r == CreatePaymentRoute);
        // Only the test's own GetOrder reached OrderService over HTTP; the payment's order check
        // and hand-over did not.
        Assert.Single(routes, r => r == GetOrderRoute);
        Assert.DoesNotContain(routes, r => r.Contains("MarkOrder", StringComparison.Ordinal));
    }

    private const string GetOrderRoute = "/backend.orders.v1.OrderService/GetOrder";
    private const string CreatePaymentRoute = "/backend.payments.v1.PaymentService/CreatePayment";

    /// <summary>Collects the route of every request this host serves, from its own request metrics.</summary>
    private static MeterListener RequestsServedBy(BackendFactory factory, ConcurrentQueue<string> routes)
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "http.route")
                {
                    routes.Enqueue(tag.Value as string ?? "");
                }
            }
        });
        listener.Start();
        return listener;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the host's request metrics never showed the request");
            await Task.Delay(20);
        }
    }
}
