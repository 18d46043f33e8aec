using Backend.IntegrationTests.Orders;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Grpc.Core;
using Money = Backend.Type.V1.Money;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

/// <summary>Every refund reaches the order: its refunded amount, a new revision, an event watchers see.</summary>
public sealed class OrderRefundTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task RefundPayment_Part_OrderStaysPaidShowsAmountAtNewRevision()
    {
        var (payment, token) = await PaidAsync();

        await RefundAsync(payment.Id, token, Eur(1, 250_000_000));
        var order = (await _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = payment.OrderId }, Bearer.Headers(token))).Order;

        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(Eur(1, 250_000_000), order.RefundedAmount);
        Assert.Equal(3, order.Revision);
    }

    [Fact]
    public async Task RefundPayment_TwoParts_EachAWatchEventWithTheRunningTotal()
    {
        var (payment, token) = await PaidAsync();
        var watch = WatchClient.Start(_factory.Orders, token, payment.OrderId, afterRevision: 2);

        await RefundAsync(payment.Id, token, Eur(1));
        await RefundAsync(payment.Id, token, Eur(2, 500_000_000));
        await RefundAsync(payment.Id, token, null);
        var events = await watch.UntilEndAsync();

        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Revision));
        Assert.Equal([Eur(1), Eur(3, 500_000_000), Eur(21)], events.Select(e => e.Order.RefundedAmount));
        Assert.Equal([OrderStatus.Paid, OrderStatus.Paid, OrderStatus.Refunded], events.Select(e => e.Status));
    }

    [Fact]
    public async Task UpdateOrderStatus_PartlyRefundedOrder_Ships()
    {
        var (payment, token) = await PaidAsync();
        await RefundAsync(payment.Id, token, Eur(20, 999_999_999));

        var shipped = await _factory.StepAsync(payment.OrderId, OrderStatus.Shipped, Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal(Eur(20, 999_999_999), shipped.RefundedAmount);
    }

    [Fact]
    public async Task UpdateOrderStatus_FullyRefundedOrder_FailedPrecondition()
    {
        var (payment, token) = await PaidAsync();
        await RefundAsync(payment.Id, token, null);
        await _factory.OrderBecomesAsync(payment.OrderId, OrderStatus.Refunded);

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => _factory.StepAsync(payment.OrderId, OrderStatus.Shipped, Bearer.Headers(_factory.AdminToken())), "SHIP_REQUIRES_PAID");
    }

    [Fact]
    public async Task MarkOrderRefunded_SameOrLowerTotalAgain_ChangesNothing()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);
        var service = Bearer.Headers(_factory.ServiceToken());
        var request = new MarkOrderRefundedRequest { OrderId = order.Id, PaymentId = OrderScenarios.PaymentId, RefundedAmount = Eur(5) };

        var first = (await _factory.Orders.MarkOrderRefundedAsync(request, service)).Order;
        var repeat = (await _factory.Orders.MarkOrderRefundedAsync(request, service)).Order;
        request.RefundedAmount = Eur(4);
        var late = (await _factory.Orders.MarkOrderRefundedAsync(request, service)).Order;

        Assert.Equal(3, first.Revision);
        Assert.Equal(first, repeat);
        Assert.Equal(first, late);
    }

    [Fact]
    public async Task MarkOrderRefunded_MoreThanTheTotal_InvalidArgumentAndNothingChanged()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.Paid);
        var service = Bearer.Headers(_factory.ServiceToken());
        var request = new MarkOrderRefundedRequest { OrderId = order.Id, PaymentId = OrderScenarios.PaymentId, RefundedAmount = Eur(21, 1) };

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Orders.MarkOrderRefundedAsync(request, service));

        Assert.Equal(["refunded_amount"], failure.ViolatedFields);
        var after = (await _factory.Orders.GetOrderAsync(new GetOrderRequest { OrderId = order.Id }, service)).Order;
        Assert.Equal((2L, 0L), (after.Revision, after.RefundedAmount.Units));
    }

    private static Money Eur(long units, int nanos = 0) => new() { CurrencyCode = "EUR", Units = units, Nanos = nanos };

    private async Task<(Payment Payment, string Token)> PaidAsync()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await _factory.PayAsync(order, token);
        await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid);
        return (payment, token);
    }

    private Task<RefundPaymentResponse> RefundAsync(string paymentId, string token, Money? amount) =>
        _factory.Payments.RefundPaymentAsync(new RefundPaymentRequest
        {
            PaymentId = paymentId,
            Amount = amount,
            IdempotencyKey = Guid.NewGuid().ToString(),
            Reason = "customer request",
        }, Bearer.Headers(token)).ResponseAsync;
}
