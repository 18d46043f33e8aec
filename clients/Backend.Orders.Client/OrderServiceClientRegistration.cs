using Backend.Client;
using Backend.Orders.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the typed <see cref="OrderService.OrderServiceClient"/>.
/// </summary>
public static class OrderServiceClientRegistration
{
    /// <summary>
    /// Registers <see cref="OrderService.OrderServiceClient"/> for injection, with the Backend
    /// client defaults (see <see cref="BackendClientOptions"/>). Reads and the idempotent
    /// MarkOrderPaid and MarkOrderRefunded are retried when the service is unavailable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address, default deadline and retries.</param>
    /// <returns>The builder of the underlying HTTP client, for further configuration.</returns>
    public static IHttpClientBuilder AddOrderServiceClient(
        this IServiceCollection services, Action<BackendClientOptions>? configure = null) =>
        services.AddBackendClient<OrderService.OrderServiceClient>(
            OrderService.Descriptor.FullName,
            ["GetOrder", "ListOrders", "MarkOrderPaid", "MarkOrderRefunded"],
            configure);
}
