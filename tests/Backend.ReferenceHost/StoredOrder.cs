namespace Backend.ReferenceHost;

/// <summary>One order as one row: the least a stored GetOrder has to read.</summary>
internal sealed class StoredOrder
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    public required string Sku { get; init; }

    public int Quantity { get; init; }

    public required string CurrencyCode { get; init; }

    public long UnitPriceUnits { get; init; }

    public int UnitPriceNanos { get; init; }

    public long TotalUnits { get; init; }

    public int TotalNanos { get; init; }

    public int Status { get; init; }

    public long Revision { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset UpdateTime { get; init; }
}
