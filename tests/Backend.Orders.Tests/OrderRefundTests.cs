using Backend.Orders.Domain;
using Backend.Platform.Domain;
using Backend.Platform.Errors;

namespace Backend.Orders.Tests;

public sealed class OrderRefundTests
{
    private const string PaymentId = "payment-1";

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public void RecordRefund_Part_StatusKeptAmountShown(OrderStatus status)
    {
        var order = Order(status);

        var changed = order.RecordRefund(PaymentId, Eur(1));

        Assert.True(changed);
        Assert.Equal(status, order.Status);
        Assert.Equal(Eur(1), order.Refunded);
    }

    [Fact]
    public void RecordRefund_UpToTheTotal_Refunded()
    {
        var order = Order(OrderStatus.Shipped);
        order.RecordRefund(PaymentId, Eur(1));

        order.RecordRefund(PaymentId, Eur(21));

        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.Equal(order.Total, order.Refunded);
    }

    [Fact]
    public void RecordRefund_SameOrLowerTotal_NoChange()
    {
        var order = Order(OrderStatus.Paid);
        order.RecordRefund(PaymentId, Eur(5));

        Assert.False(order.RecordRefund(PaymentId, Eur(5)));
        Assert.False(order.RecordRefund(PaymentId, Eur(4)));
        Assert.Equal(Eur(5), order.Refunded);
    }

    [Fact]
    public void RecordRefund_OtherPayment_FailedPreconditionPaymentMismatch()
    {
        var error = Assert.Throws<DomainException>(() => Order(OrderStatus.Paid).RecordRefund("payment-2", Eur(1)));

        Assert.Equal(OrderStateMachine.PaymentMismatch, error.Reason);
    }

    [Fact]
    public void RecordRefund_MoreThanTheTotal_InvalidArgument()
    {
        var order = Order(OrderStatus.Paid);

        var error = Assert.Throws<DomainException>(() => order.RecordRefund(PaymentId, Money.FromParts("EUR", 21, 1)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(Eur(0), order.Refunded);
    }

    [Theory]
    [InlineData(OrderStatus.PendingPayment)]
    [InlineData(OrderStatus.Cancelled)]
    public void RecordRefund_NotPaid_FailedPrecondition(OrderStatus status)
    {
        var error = Assert.Throws<DomainException>(() => Order(status).RecordRefund(PaymentId, Eur(1)));

        Assert.Equal(OrderStateMachine.RefundRequiresPaid, error.Reason);
    }

    private static Money Eur(long units) => Money.FromParts("EUR", units, 0);

    private static Order Order(OrderStatus status) => new()
    {
        Id = "order-1",
        UserId = "user-1",
        CurrencyCode = "EUR",
        TotalUnits = 21,
        Status = status,
        PaymentId = PaymentId,
    };
}
