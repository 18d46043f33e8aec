using Backend.Platform.Domain;

namespace Backend.Orders.Domain;

/// <summary>The price the company lists for one product: what a customer's order pays.</summary>
public sealed class ListedPrice
{
    public required string Sku { get; init; }

    public required string CurrencyCode { get; set; }

    public long UnitPriceUnits { get; set; }

    public int UnitPriceNanos { get; set; }

    public DateTimeOffset UpdateTime { get; set; }

    public Money UnitPrice
    {
        get => Money.FromParts(CurrencyCode, UnitPriceUnits, UnitPriceNanos);
        set => (CurrencyCode, UnitPriceUnits, UnitPriceNanos) = (value.CurrencyCode, value.Units, value.NanoPart);
    }
}
