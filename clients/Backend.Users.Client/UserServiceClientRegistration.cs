using Backend.Client;
using Backend.Users.V1;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the typed <see cref="UserService.UserServiceClient"/>.
/// </summary>
public static class UserServiceClientRegistration
{
    /// <summary>
    /// Registers <see cref="UserService.UserServiceClient"/> for injection, with the Backend
    /// client defaults (see <see cref="BackendClientOptions"/>). GetUser and ListUsers are
    /// retried when the service is unavailable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address, default deadline and retries.</param>
    /// <returns>The builder of the underlying HTTP client, for further configuration.</returns>
    public static IHttpClientBuilder AddUserServiceClient(
        this IServiceCollection services, Action<BackendClientOptions>? configure = null) =>
        services.AddBackendClient<UserService.UserServiceClient>(
            UserService.Descriptor.FullName,
            ["GetUser", "ListUsers"],
            configure);
}
