using Backend.Client;
using Backend.Payments.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the typed <see cref="PaymentService.PaymentServiceClient"/>.
/// </summary>
public static class PaymentServiceClientRegistration
{
    /// <summary>
    /// Registers <see cref="PaymentService.PaymentServiceClient"/> for injection, with the
    /// Backend client defaults (see <see cref="BackendClientOptions"/>). Reads, and
    /// CreatePayment and RefundPayment (idempotent by their required key), are retried when the
    /// service is unavailable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address, default deadline and retries.</param>
    /// <returns>The builder of the underlying HTTP client, for further configuration.</returns>
    public static IHttpClientBuilder AddPaymentServiceClient(
        this IServiceCollection services, Action<BackendClientOptions>? configure = null) =>
        services.AddBackendClient<PaymentService.PaymentServiceClient>(
            PaymentService.Descriptor.FullName,
            ["GetPayment", "ListPayments", "CreatePayment", "RefundPayment"],
            configure);
}
