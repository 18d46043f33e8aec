using Backend.Platform.Domain;

namespace Backend.Orders.Domain;

/// <summary>One line of an order.</summary>
public sealed class LineItem
{
    public int Position { get; init; }

    public required string Sku { get; init; }

    public int Quantity { get; init; }

    public long UnitPriceUnits { get; init; }

    public int UnitPriceNanos { get; init; }

    public Money UnitPrice(string currencyCode) => Money.FromParts(currencyCode, UnitPriceUnits, UnitPriceNanos);
}
