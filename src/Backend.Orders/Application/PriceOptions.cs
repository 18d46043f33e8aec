namespace Backend.Orders.Application;

/// <summary>How new orders read the price list, in configuration section <c>Orders</c>.</summary>
public sealed class PriceOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// How long a listed price read for one order serves the next ones (<c>Orders:PriceCacheLifetime</c>).
    /// SetPrice applies to the next order of the instance that set it at once; on the other
    /// instances of a PostgreSQL deployment within this time. Zero reads the list for every order.
    /// </summary>
    public TimeSpan PriceCacheLifetime { get; set; } = TimeSpan.FromSeconds(1);
}
