using Backend.Payments.Domain;
using Backend.Platform.Domain;
using Backend.Platform.Errors;

namespace Backend.Payments.Tests;

public sealed class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Start_ZeroAmount_InvalidArgument()
    {
        var error = Assert.Throws<DomainException>(() => Payment.Start("p", "o", "u", Eur(0), "pm_card_visa", Now));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Complete_Succeeded_SucceededAndNewVersion()
    {
        var payment = Pending(Eur(21));

        var changed = payment.Complete(succeeded: true, "", Now.AddSeconds(1));

        Assert.True(changed);
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(2, payment.Version);
        Assert.Equal(Now.AddSeconds(1), payment.UpdateTime);
    }

    [Fact]
    public void Complete_Declined_FailedWithReason()
    {
        var payment = Pending(Eur(21));

        payment.Complete(succeeded: false, "card_declined", Now);

        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Equal("card_declined", payment.FailureReason);
    }

    [Fact]
    public void Complete_Twice_SecondChangesNothing()
    {
        var payment = Pending(Eur(21));
        payment.Complete(succeeded: true, "", Now);

        var changed = payment.Complete(succeeded: false, "card_declined", Now);

        Assert.False(changed);
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(2, payment.Version);
    }

    [Fact]
    public void Refund_Part_PartiallyRefundedWithTheRestRefundable()
    {
        var payment = Succeeded(Eur(1000));

        var refunded = payment.Refund(Eur(999, 999_999_999), Now);

        Assert.Equal(Eur(999, 999_999_999), refunded);
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(Eur(0, 1), payment.Refundable);
    }

    [Fact]
    public void Refund_WithoutAmount_AllThatIsLeftAndRefunded()
    {
        var payment = Succeeded(Eur(21));
        payment.Refund(Eur(1, 250_000_000), Now);

        var rest = payment.Refund(null, Now);

        Assert.Equal(Eur(19, 750_000_000), rest);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(payment.Amount, payment.Refunded);
    }

    [Fact]
    public void Refund_PartsAddingUpToTheAmount_Refunded()
    {
        var payment = Succeeded(Eur(3));

        payment.Refund(Eur(1), Now);
        payment.Refund(Eur(2), Now);

        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(4, payment.Version);
    }

    [Fact]
    public void Refund_MoreThanLeft_FailedPreconditionAndNothingChanged()
    {
        var payment = Succeeded(Eur(10));
        payment.Refund(Eur(9), Now);

        var error = Assert.Throws<DomainException>(() => payment.Refund(Eur(1, 1), Now));

        Assert.Equal(Payment.RefundExceedsPayment, error.Reason);
        Assert.Equal(Eur(9), payment.Refunded);
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
    }

    [Fact]
    public void Refund_OtherCurrency_InvalidArgumentNamingTheField()
    {
        var payment = Succeeded(Eur(10));

        var error = Assert.Throws<DomainException>(() => payment.Refund(Money.FromParts("USD", 1, 0), Now));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("amount.currency_code", Assert.Single(error.Violations).Field);
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
    }

    [Fact]
    public void Refund_ZeroOrNegative_InvalidArgument()
    {
        var payment = Succeeded(Eur(10));

        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<DomainException>(() => payment.Refund(Eur(0), Now)).Kind);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<DomainException>(() => payment.Refund(Eur(-1), Now)).Kind);
        Assert.Equal(Eur(0), payment.Refunded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Refund_PendingOrFailed_FailedPreconditionNotRefundable(bool declined)
    {
        var payment = Pending(Eur(10));
        if (declined)
        {
            payment.Complete(succeeded: false, "card_declined", Now);
        }

        var error = Assert.Throws<DomainException>(() => payment.Refund(null, Now));

        Assert.Equal(Payment.NotRefundable, error.Reason);
    }

    [Fact]
    public void Refund_FullyRefunded_FailedPreconditionNotRefundable()
    {
        var payment = Succeeded(Eur(10));
        payment.Refund(null, Now);

        var error = Assert.Throws<DomainException>(() => payment.Refund(Eur(0, 1), Now));

        Assert.Equal(Payment.NotRefundable, error.Reason);
    }

    private static Money Eur(long units, int nanos = 0) => Money.FromParts("EUR", units, nanos);

    private static Payment Pending(Money amount) => Payment.Start("payment-1", "order-1", "user-1", amount, "pm_card_visa", Now);

    private static Payment Succeeded(Money amount)
    {
        var payment = Pending(amount);
        payment.Complete(succeeded: true, "", Now);
        return payment;
    }
}
