using Backend.IntegrationTests.Orders;
using Backend.Payments.V1;
using Backend.Testing;
using Grpc.Core;
using OrderStatus = Backend.Orders.V1.OrderStatus;

namespace Backend.IntegrationTests.Payments;

public sealed class CreatePaymentTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task CreatePayment_Visa_SucceedsAndOrderBecomesPaid()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var payment = await _factory.PayAsync(order, token);

        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(order.Total, payment.Amount);
        Assert.Equal(order.UserId, payment.UserId);
        Assert.Equal("pm_card_visa", payment.PaymentMethod);
        Assert.Equal(0, payment.RefundedAmount.Units);
        // The hand-over is made before the answer: the order is already paid.
        var paid = await _factory.Orders.GetOrderAsync(new Backend.Orders.V1.GetOrderRequest { OrderId = order.Id }, Bearer.Headers(token));
        Assert.Equal(OrderStatus.Paid, paid.Order.Status);
        Assert.Equal(payment.Id, paid.Order.PaymentId);
    }

    [Theory]
    [InlineData("pm_card_declined", "card_declined")]
    [InlineData("pm_card_insufficient_funds", "insufficient_funds")]
    public async Task CreatePayment_Declined_OkWithFailedPaymentAndOrderStillPayable(string method, string reason)
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var declined = await _factory.PayAsync(order, token, method);
        var retried = await _factory.PayAsync(order, token, "pm_card_mastercard");

        Assert.Equal(PaymentStatus.Failed, declined.Status);
        Assert.Equal(reason, declined.FailureReason);
        Assert.Equal(PaymentStatus.Succeeded, retried.Status);
        Assert.Equal(retried.Id, (await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid)).PaymentId);
        var listed = await _factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, Bearer.Headers(token));
        Assert.Equal([retried.Id, declined.Id], listed.Payments.Select(p => p.Id));
    }

    [Fact]
    public async Task CreatePayment_SameKeySameRequest_SameAnswerOneCharge()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var first = await _factory.PayAsync(order, token, key: "key-1");
        await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid);
        var again = await _factory.PayAsync(order, token, key: "key-1");

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task CreatePayment_SameKeyAfterDecline_ReturnsTheFailedPayment()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var first = await _factory.PayAsync(order, token, "pm_card_declined", "key-d");
        var again = await _factory.PayAsync(order, token, "pm_card_declined", "key-d");

        Assert.Equal(first, again);
        Assert.Equal(PaymentStatus.Failed, again.Status);
    }

    [Fact]
    public async Task CreatePayment_SameKeyOtherParameters_InvalidArgument()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        await _factory.PayAsync(order, token, "pm_card_declined", "key-x");

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.PayAsync(order, token, "pm_card_visa", "key-x"), "IDEMPOTENCY_KEY_REUSED");

        Assert.Equal(["idempotency_key"], failure.ViolatedFields);
    }

    [Fact]
    public async Task CreatePayment_FiftyConcurrentSameKey_OneChargeFiftyIdenticalAnswers()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var request = PaymentScenarios.PayRequest(order, key: "key-storm");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            _factory.Payments.CreatePaymentAsync(request, Bearer.Headers(token)).ResponseAsync));

        Assert.Single(answers.Select(a => a.Payment).Distinct());
        var listed = await _factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, Bearer.Headers(token));
        Assert.Single(listed.Payments);
        Assert.Equal(answers[0].Payment.Id, (await _factory.OrderBecomesAsync(order.Id, OrderStatus.Paid)).PaymentId);
    }

    [Fact]
    public async Task CreatePayment_ConcurrentDifferentKeys_AtMostOneSuccess()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                return (await _factory.PayAsync(order, token, key: "key-" + i)).Status.ToString();
            }
            catch (RpcException error)
            {
                return error.StatusCode.ToString();
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == nameof(PaymentStatus.Succeeded)));
        Assert.All(outcomes.Where(o => o != nameof(PaymentStatus.Succeeded)), o => Assert.Equal(nameof(StatusCode.FailedPrecondition), o));
        var listed = await _factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, Bearer.Headers(token));
        Assert.Single(listed.Payments, p => p.Status == PaymentStatus.Succeeded);
    }

    [Fact]
    public async Task CreatePayment_AmountNotTheTotal_FailedPreconditionAndNothingRecorded()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var request = PaymentScenarios.PayRequest(order, key: "key-amount");
        request.Amount.Units += 1;

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () =>
            _factory.Payments.CreatePaymentAsync(request, Bearer.Headers(token)), "AMOUNT_MISMATCH");

        Assert.Empty((await _factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, Bearer.Headers(token))).Payments);
        // Nothing was recorded under the key either: the corrected request goes through with it.
        Assert.Equal(PaymentStatus.Succeeded, (await _factory.PayAsync(order, token, key: "key-amount")).Status);
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Delivered)]
    public async Task CreatePayment_OrderNotPendingPayment_FailedPrecondition(OrderStatus status)
    {
        var (order, token) = await _factory.OrderInAsync(status);

        await GrpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => _factory.PayAsync(order, token), "ORDER_NOT_PAYABLE");
    }

    [Fact]
    public async Task CreatePayment_SomeoneElsesOrUnknownOrder_NotFound()
    {
        var (order, _) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var (_, stranger) = await _factory.SignUpAsync();
        var unknown = PaymentScenarios.PayRequest(order);
        unknown.OrderId = "no-such-order";

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => _factory.PayAsync(order, stranger), "ORDER_NOT_FOUND");
        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => _factory.Payments.CreatePaymentAsync(unknown, Bearer.Headers(stranger)), "ORDER_NOT_FOUND");
    }

    [Fact]
    public async Task CreatePayment_EveryFieldBad_ReportsEveryViolation()
    {
        var (_, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Payments.CreatePaymentAsync(
            new CreatePaymentRequest { Amount = new Backend.Type.V1.Money { CurrencyCode = "EUR" }, IdempotencyKey = new string('k', 256) },
            Bearer.Headers(token)));

        Assert.Equal(["order_id", "amount", "payment_method", "idempotency_key"], failure.ViolatedFields);
    }

    [Fact]
    public async Task GetPayment_OwnerAdminStranger_SeeSeeNotFound()
    {
        var (order, token) = await _factory.OrderInAsync(OrderStatus.PendingPayment);
        var payment = await _factory.PayAsync(order, token);
        var (_, stranger) = await _factory.SignUpAsync();
        var request = new GetPaymentRequest { PaymentId = payment.Id };

        Assert.Equal(payment.Id, (await _factory.Payments.GetPaymentAsync(request, Bearer.Headers(token))).Payment.Id);
        Assert.Equal(payment.Id, (await _factory.Payments.GetPaymentAsync(request, Bearer.Headers(_factory.AdminToken()))).Payment.Id);
        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => _factory.Payments.GetPaymentAsync(request, Bearer.Headers(stranger)), "PAYMENT_NOT_FOUND");
        Assert.Empty((await _factory.Payments.ListPaymentsAsync(new ListPaymentsRequest { OrderId = order.Id }, Bearer.Headers(stranger))).Payments);
    }
}
