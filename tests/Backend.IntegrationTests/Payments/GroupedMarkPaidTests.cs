using Backend.IntegrationTests.Orders;
using Backend.Orders;
using Backend.Platform.Errors;
using Microsoft.Extensions.DependencyInjection;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

/// <summary>
/// Marking orders paid in-process, many at once: the changes are committed in groups, and each
/// caller still gets the answer its own change deserves.
/// </summary>
public sealed class GroupedMarkPaidTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task MarkOrderPaidAsync_ManyAtOnceWithRepeats_EachOrderPaidOnceByItsPayment()
    {
        var orders = new List<Backend.Orders.V1.Order>();
        for (var i = 0; i < 8; i++)
        {
            orders.Add((await _factory.OrderInAsync(OrderStatus.PendingPayment)).Order);
        }

        var service = _factory.Services.GetRequiredService<InProcessOrderService>();

        // Each order twice with its payment: a repeat changes nothing, whichever comes first.
        await Task.WhenAll(orders.Concat(orders).Select(o => Task.Run(() => service.MarkOrderPaidAsync(o.Id, "pay-" + o.Id, CancellationToken.None))));

        foreach (var order in orders)
        {
            var paid = await service.GetOrderAsync(order.Id, CancellationToken.None);
            Assert.Equal(OrderStatus.Paid, paid.Status);
            Assert.Equal("pay-" + order.Id, paid.PaymentId);
            Assert.Equal(2, paid.Revision);
        }
    }

    [Fact]
    public async Task MarkOrderPaidAsync_TwoPaymentsOfOneOrderAtOnce_OneWinsTheOtherIsRefused()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var service = _factory.Services.GetRequiredService<InProcessOrderService>();

        var first = Task.Run(() => service.MarkOrderPaidAsync(order.Id, "pay-a", CancellationToken.None));
        var second = Task.Run(() => service.MarkOrderPaidAsync(order.Id, "pay-b", CancellationToken.None));
        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));

        var paid = await service.GetOrderAsync(order.Id, CancellationToken.None);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Equal(2, paid.Revision);
        Assert.Single(outcomes, o => o == paid.PaymentId);
        Assert.Single(outcomes, o => o == "PAY_REQUIRES_PENDING_PAYMENT");
    }

    private static async Task<string> Outcome(Task<Backend.Orders.V1.Order> marking)
    {
        try
        {
            return (await marking).PaymentId;
        }
        catch (DomainException error)
        {
            return error.Reason;
        }
    }
}
