using Backend.Payments.Settlement;
using Backend.Platform.Hosting;

namespace Backend.Host;

/// <summary>
/// Where this process hosts both PaymentService and OrderService, payments settle with orders by
/// a direct call. The two service projects know nothing of each other; the host that composes
/// them joins them here.
/// </summary>
internal static class InProcessSettlement
{
    public static WebApplicationBuilder AddInProcessSettlement(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.Hosts("payments") && builder.Configuration.Hosts("orders"))
        {
            builder.Services.AddSingleton<IOrderSettlement, InProcessOrderSettlement>();
        }

        return builder;
    }
}
