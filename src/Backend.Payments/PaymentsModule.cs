using Backend.Platform.Hosting;

namespace Backend.Payments;

internal static class PaymentsModule
{
    /// <summary>The short name: in Host:Services, the SQLite file name, the PostgreSQL schema.</summary>
    public const string Name = HostedServices.Payments;

    public static readonly string ServiceName = V1.PaymentService.Descriptor.FullName;
}
