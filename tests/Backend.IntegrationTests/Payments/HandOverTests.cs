using Backend.IntegrationTests.Orders;
using Backend.Payments.V1;
using Backend.Testing;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

public sealed class HandOverTests
{
    [Fact]
    public async Task Payment_ForOrderCancelledBeforeHandOver_RefundedAutomaticallyAndOrderStaysCancelled()
    {
        // The first host records payments but leaves delivery to others.
        await using var first = new BackendFactory().With("Payments:Outbox:DispatcherEnabled", "false");
        var (order, token) = await first.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await first.PayAsync(order, token);
        await first.Orders.CancelOrderAsync(new Backend.Orders.V1.CancelOrderRequest { OrderId = order.Id }, Bearer.Headers(token));

        await using var second = first.Restarted();
        await first.DisposeAsync();
        var until = DateTime.UtcNow.AddSeconds(15);
        Payment current;
        do
        {
            await Task.Delay(50);
            current = (await second.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = payment.Id }, Bearer.Headers(token))).Payment;
        }
        while (current.Status != PaymentStatus.Refunded && DateTime.UtcNow < until);

        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(PaymentStatus.Refunded, current.Status);
        Assert.Equal(payment.Amount, current.RefundedAmount);
        var after = await second.Orders.GetOrderAsync(new Backend.Orders.V1.GetOrderRequest { OrderId = order.Id }, Bearer.Headers(token));
        Assert.Equal(OrderStatus.Cancelled, after.Order.Status);
        Assert.Empty(after.Order.PaymentId);
    }

    [Fact]
    public async Task Payment_WhileDispatcherOff_OrderPaidOnceAnotherProcessDelivers()
    {
        await using var first = new BackendFactory().With("Payments:Outbox:DispatcherEnabled", "false");
        var (order, token) = await first.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await first.PayAsync(order, token);
        await Task.Delay(300);
        var stillPending = await first.Orders.GetOrderAsync(new Backend.Orders.V1.GetOrderRequest { OrderId = order.Id }, Bearer.Headers(token));

        await using var second = first.Restarted();
        await first.DisposeAsync();
        var paid = await second.OrderBecomesAsync(order.Id, OrderStatus.Paid);

        Assert.Equal(OrderStatus.PendingPayment, stillPending.Order.Status);
        Assert.Equal(payment.Id, paid.PaymentId);
        Assert.Equal(2, paid.Revision);
    }
}
