using Backend.IntegrationTests.Orders;
using Backend.Payments.V1;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

public sealed class IdempotencyRetentionTests
{
    [Fact]
    public async Task Key_AfterRetention_FreeForANewRequest()
    {
        await using var factory = new BackendFactory().With("Payments:IdempotencyRetention", "00:00:01");
        var (order, token) = await factory.OrderInAsync(OrderStatus.PendingPayment);
        var declined = await factory.PayAsync(order, token, "pm_card_declined", "reused-key");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var fresh = await factory.PayAsync(order, token, "pm_card_visa", "reused-key");

        Assert.Equal(PaymentStatus.Failed, declined.Status);
        Assert.Equal(PaymentStatus.Succeeded, fresh.Status);
        Assert.NotEqual(declined.Id, fresh.Id);
    }

    [Fact]
    public async Task Key_WithinRetention_StillAnswersTheFirstResult()
    {
        await using var factory = new BackendFactory();
        var (order, token) = await factory.OrderInAsync(OrderStatus.PendingPayment);
        var declined = await factory.PayAsync(order, token, "pm_card_declined", "kept-key");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var again = await factory.PayAsync(order, token, "pm_card_declined", "kept-key");

        Assert.Equal(declined.Id, again.Id);
    }
}
