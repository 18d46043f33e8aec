using Backend.Platform.Domain;
using Backend.Platform.Errors;

namespace Backend.Orders.Domain;

/// <summary>
/// What a line of a new order costs. A customer pays the listed price, and may leave the price
/// out; an admin or service may quote a price of its own (a quote), and leaving it out takes
/// the listed one as well.
/// </summary>
public static class PriceRules
{
    public const string SkuNotFound = "SKU_NOT_FOUND";
    public const string PriceMismatch = "PRICE_MISMATCH";

    /// <param name="position">The item's index in the request, to name it in a refusal.</param>
    /// <param name="sku">The item's SKU.</param>
    /// <param name="asked">The price the caller gave, if any.</param>
    /// <param name="listed">The listed price of the SKU, if it has one.</param>
    /// <param name="mayQuote">Whether the caller may set its own price (admin or service).</param>
    public static Money UnitPrice(int position, string sku, Money? asked, Money? listed, bool mayQuote)
    {
        if (asked is { } quote && mayQuote)
        {
            return quote;
        }

        if (listed is not { } price)
        {
            throw new DomainException(ErrorKind.NotFound, SkuNotFound, $"No price is listed for SKU '{sku}'.",
                metadata: new Dictionary<string, string> { ["sku"] = sku, ["item"] = $"items[{position}]" });
        }

        if (asked is { } given && given != price)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, PriceMismatch,
                $"The unit price of SKU '{sku}' is {price}, not {given}; leave unit_price out to pay the listed price.",
                metadata: new Dictionary<string, string> { ["sku"] = sku, ["item"] = $"items[{position}]", ["listed_price"] = price.ToString() });
        }

        return price;
    }
}
