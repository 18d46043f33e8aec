namespace Backend.Orders;

internal static class OrdersModule
{
    /// <summary>The short name: in Host:Services, the SQLite file name, the PostgreSQL schema.</summary>
    public const string Name = "orders";

    public static readonly string ServiceName = V1.OrderService.Descriptor.FullName;
}
