using Backend.IntegrationTests.Orders;
using Backend.Payments.V1;
using Backend.Testing;
using Grpc.Core;
using Money = Backend.Type.V1.Money;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

public sealed class RefundPaymentTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task RefundPayment_PartThenRest_PartiallyRefundedThenRefundedAndOrderRefunded()
    {
        var (payment, token) = await PaidAsync();

        var part = await Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 1, Nanos = 250_000_000 });
        var rest = await Refund(payment.Id, token, amount: null);

        Assert.Equal(PaymentStatus.PartiallyRefunded, part.Payment.Status);
        Assert.Equal((1L, 250_000_000), (part.Refund.Amount.Units, part.Refund.Amount.Nanos));
        Assert.Equal(PaymentStatus.Refunded, rest.Payment.Status);
        Assert.Equal((19L, 750_000_000), (rest.Refund.Amount.Units, rest.Refund.Amount.Nanos));
        Assert.Equal(payment.Amount, rest.Payment.RefundedAmount);
        await _factory.OrderBecomesAsync(payment.OrderId, OrderStatus.Refunded);
    }

    [Fact]
    public async Task RefundPayment_MoreThanLeft_FailedPreconditionAndNothingChanged()
    {
        var (payment, token) = await PaidAsync();
        await Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 20 });

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () =>
            Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 2 }), "REFUND_EXCEEDS_PAYMENT");

        var current = await _factory.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = payment.Id }, Bearer.Headers(token));
        Assert.Equal(20, current.Payment.RefundedAmount.Units);
        Assert.Equal(PaymentStatus.PartiallyRefunded, current.Payment.Status);
    }

    [Fact]
    public async Task RefundPayment_ConcurrentRefunds_NeverExceedThePayment()
    {
        var (payment, token) = await PaidAsync();

        // 21.00 paid; 30 concurrent refunds of 1.00: at most 21 go through.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                await Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 1 });
                return StatusCode.OK;
            }
            catch (RpcException error)
            {
                return error.StatusCode;
            }
        }));

        var current = (await _factory.Payments.GetPaymentAsync(new GetPaymentRequest { PaymentId = payment.Id }, Bearer.Headers(token))).Payment;
        Assert.True(current.RefundedAmount.Units <= 21);
        Assert.Equal(outcomes.Count(o => o == StatusCode.OK), current.RefundedAmount.Units);
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Contains(o, new[] { StatusCode.FailedPrecondition, StatusCode.Aborted }));
    }

    [Fact]
    public async Task RefundPayment_SameKeyTwice_OneRefund()
    {
        var (payment, token) = await PaidAsync();
        var amount = new Money { CurrencyCode = "EUR", Units = 3 };

        var first = await Refund(payment.Id, token, amount, "refund-key");
        var again = await Refund(payment.Id, token, amount, "refund-key");

        Assert.Equal(first.Refund, again.Refund);
        Assert.Equal(3, again.Payment.RefundedAmount.Units);
    }

    [Fact]
    public async Task RefundPayment_SameKeyOtherAmount_InvalidArgument()
    {
        var (payment, token) = await PaidAsync();
        await Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 3 }, "refund-key");

        await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            Refund(payment.Id, token, new Money { CurrencyCode = "EUR", Units = 4 }, "refund-key"), "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task RefundPayment_FailedPayment_FailedPrecondition()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var declined = await _factory.PayAsync(order, token, "pm_card_declined");

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => Refund(declined.Id, token, null), "PAYMENT_NOT_REFUNDABLE");
    }

    [Fact]
    public async Task RefundPayment_OtherCurrencyOrZero_InvalidArgument()
    {
        var (payment, token) = await PaidAsync();

        var currency = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Refund(payment.Id, token, new Money { CurrencyCode = "USD", Units = 1 }));
        var zero = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Refund(payment.Id, token, new Money { CurrencyCode = "EUR" }));

        Assert.Equal(["amount.currency_code"], currency.ViolatedFields);
        Assert.Equal(["amount"], zero.ViolatedFields);
    }

    [Fact]
    public async Task RefundPayment_SomeoneElses_NotFound()
    {
        var (payment, _) = await PaidAsync();
        var (_, stranger) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => Refund(payment.Id, stranger, null), "PAYMENT_NOT_FOUND");
    }

    private async Task<(Payment Payment, string Token)> PaidAsync()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await _factory.PayAsync(order, token);
        await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid);
        return (payment, token);
    }

    private async Task<RefundPaymentResponse> Refund(string paymentId, string token, Money? amount, string? key = null) =>
        await _factory.Payments.RefundPaymentAsync(new RefundPaymentRequest
        {
            PaymentId = paymentId,
            Amount = amount,
            IdempotencyKey = key ?? Guid.NewGuid().ToString(),
            Reason = "customer request",
        }, Bearer.Headers(token));
}
