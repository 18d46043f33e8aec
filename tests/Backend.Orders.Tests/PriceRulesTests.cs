using Backend.Orders.Domain;
using Backend.Platform.Domain;
using Backend.Platform.Errors;

namespace Backend.Orders.Tests;

public sealed class PriceRulesTests
{
    private static readonly Money Listed = Money.FromParts("EUR", 1000, 0);

    [Fact]
    public void UnitPrice_CustomerWithoutPrice_Listed()
    {
        Assert.Equal(Listed, PriceRules.UnitPrice(0, "tv", null, Listed, mayQuote: false));
    }

    [Fact]
    public void UnitPrice_CustomerWithOtherPrice_FailedPreconditionNamingSkuAndListedPrice()
    {
        var error = Assert.Throws<DomainException>(() => PriceRules.UnitPrice(3, "tv", Money.FromParts("EUR", 0, 1), Listed, mayQuote: false));

        Assert.Equal((ErrorKind.FailedPrecondition, PriceRules.PriceMismatch), (error.Kind, error.Reason));
        Assert.Equal("tv", error.Metadata["sku"]);
        Assert.Equal("items[3]", error.Metadata["item"]);
        Assert.Equal(Listed.ToString(), error.Metadata["listed_price"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnitPrice_UnlistedSkuWithoutPrice_NotFoundNamingTheSku(bool mayQuote)
    {
        var error = Assert.Throws<DomainException>(() => PriceRules.UnitPrice(0, "unicorn", null, null, mayQuote));

        Assert.Equal((ErrorKind.NotFound, PriceRules.SkuNotFound), (error.Kind, error.Reason));
        Assert.Contains("unicorn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitPrice_CustomerUnlistedSkuWithPrice_NotFound()
    {
        var error = Assert.Throws<DomainException>(() => PriceRules.UnitPrice(0, "unicorn", Money.FromParts("EUR", 1, 0), null, mayQuote: false));

        Assert.Equal(PriceRules.SkuNotFound, error.Reason);
    }

    [Fact]
    public void UnitPrice_QuoteByAdminOrService_TheQuote()
    {
        var quote = Money.FromParts("EUR", 900, 0);

        Assert.Equal(quote, PriceRules.UnitPrice(0, "tv", quote, Listed, mayQuote: true));
        Assert.Equal(quote, PriceRules.UnitPrice(0, "unicorn", quote, null, mayQuote: true));
    }
}
