using Backend.IntegrationTests.Orders;
using Backend.Payments.V1;
using Backend.Testing;
using Grpc.Core;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

/// <summary>A customer refunds only while the order is paid and not shipped; later, an admin with a reason.</summary>
public sealed class RefundPolicyTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task RefundPayment_UserAfterShipping_FailedPreconditionWindowClosedAndNothingRefunded()
    {
        var (payment, token) = await PaidAndShippedAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Refund(payment.Id, token, "changed my mind"), "REFUND_WINDOW_CLOSED");

        Assert.Equal("ORDER_STATUS_SHIPPED", failure.Info.Metadata["order_status"]);
        var current = (await _factory.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = payment.Id }, Bearer.Headers(token))).Payment;
        Assert.Equal(PaymentStatus.Succeeded, current.Status);
        Assert.Equal(0, current.RefundedAmount.Units);
    }

    [Fact]
    public async Task RefundPayment_AdminAfterShippingWithoutReason_InvalidArgumentNamingReason()
    {
        var (payment, _) = await PaidAndShippedAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Refund(payment.Id, _factory.AdminToken(), ""), "REFUND_REASON_REQUIRED");

        Assert.Equal(["reason"], failure.ViolatedFields);
    }

    [Fact]
    public async Task RefundPayment_AdminAfterShippingWithReason_RefundedAndOrderRefunded()
    {
        var (payment, _) = await PaidAndShippedAsync();

        var refunded = await Refund(payment.Id, _factory.AdminToken(), "arrived broken");

        Assert.Equal(PaymentStatus.Refunded, refunded.Payment.Status);
        var order = await _factory.OrderBecomesAsync(payment.OrderId, OrderStatus.Refunded);
        Assert.Equal(payment.Amount, order.RefundedAmount);
    }

    [Fact]
    public async Task RefundPayment_UserWhilePaid_Refunded()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await _factory.PayAsync(order, token);

        var refunded = await Refund(payment.Id, token, "");

        Assert.Equal(PaymentStatus.Refunded, refunded.Payment.Status);
    }

    private async Task<(Payment Payment, string Token)> PaidAndShippedAsync()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await _factory.PayAsync(order, token);
        await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid);
        await _factory.StepAsync(order.Id, OrderStatus.Shipped, Bearer.Headers(_factory.AdminToken()));
        return (payment, token);
    }

    private Task<RefundPaymentResponse> Refund(string paymentId, string token, string reason) =>
        _factory.Payments.RefundPaymentAsync(new RefundPaymentRequest
        {
            PaymentId = paymentId,
            IdempotencyKey = Guid.NewGuid().ToString(),
            Reason = reason,
        }, Bearer.Headers(token)).ResponseAsync;
}
