namespace Backend.Payments;

internal static class PaymentsModule
{
    /// <summary>The short name: in Host:Services, the SQLite file name, the PostgreSQL schema.</summary>
    public const string Name = "payments";

    /// <summary>OrderService's short name: in Host:Services and Endpoints.</summary>
    public const string OrdersName = "orders";

    public static readonly string ServiceName = V1.PaymentService.Descriptor.FullName;
}
