using Backend.Platform.Domain;

namespace Backend.Platform.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(0, 999_999_999, 0, 1, 1, 0)]
    [InlineData(1, 500_000_000, 2, 750_000_000, 4, 250_000_000)]
    [InlineData(-1, -750_000_000, 0, 250_000_000, -1, -500_000_000)]
    [InlineData(-1, -250_000_000, 2, 0, 0, 750_000_000)]
    public void Plus_NanosCarryAndBorrow_UnitsAndNanosKeepOneSign(long u1, int n1, long u2, int n2, long units, int nanos)
    {
        var sum = Money.FromParts("EUR", u1, n1).Plus(Money.FromParts("EUR", u2, n2));

        Assert.Equal((units, nanos), (sum.Units, sum.NanoPart));
    }

    [Fact]
    public void Times_ThirdsOfACent_ExactNoRounding()
    {
        var price = Money.FromParts("USD", 0, 333_333_333);

        var total = price.Times(3);

        Assert.Equal((0L, 999_999_999), (total.Units, total.NanoPart));
    }

    [Fact]
    public void Times_LargestLine_StaysExactBeyondInt64Nanos()
    {
        var total = Money.FromParts("EUR", 9_000_000_000_000_000, 999_999_999).Times(1000);

        Assert.True(total.FitsContract);
        Assert.Equal((9_000_000_000_000_000_999L, 999_999_000), (total.Units, total.NanoPart));
    }

    [Fact]
    public void FitsContract_UnitsBeyondInt64_False()
    {
        var total = Money.FromParts("EUR", long.MaxValue, 0).Plus(Money.FromParts("EUR", 1, 0));

        Assert.False(total.FitsContract);
    }

    [Fact]
    public void Plus_OtherCurrency_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => Money.FromParts("EUR", 1, 0).Plus(Money.FromParts("USD", 1, 0)));
    }

    [Fact]
    public void ToString_NegativeFraction_ShowsSignOnce()
    {
        Assert.Equal("-1.750000000 EUR", Money.FromParts("EUR", -1, -750_000_000).ToString());
    }
}
