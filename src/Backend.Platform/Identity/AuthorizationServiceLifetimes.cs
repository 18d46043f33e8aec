using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Identity;

/// <summary>
/// The framework registers its authorization services as transient: every call gets a new
/// authorization service, policy provider, handler provider (with a task of its handlers),
/// evaluator, context factory, pass-through handler and policy evaluator, and the authorization
/// middleware keeps them for as long as the call lasts, about 350 bytes per open stream. None of
/// the framework's own keeps per-call state, and the platform's handlers are singletons, so each
/// is made once instead. A type of anyone else's keeps the lifetime it was registered with.
/// </summary>
internal static class AuthorizationServiceLifetimes
{
    private static readonly Type[] Stateless =
    [
        typeof(IAuthorizationService), typeof(IAuthorizationPolicyProvider), typeof(IAuthorizationHandlerProvider),
        typeof(IAuthorizationEvaluator), typeof(IAuthorizationHandlerContextFactory), typeof(IAuthorizationHandler), typeof(IPolicyEvaluator),
    ];

    public static IServiceCollection MakeFrameworkAuthorizationSingletons(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (registered is { Lifetime: ServiceLifetime.Transient, IsKeyedService: false, ImplementationType: { } type }
                && Stateless.Contains(registered.ServiceType)
                && type.Namespace?.StartsWith("Microsoft.AspNetCore.Authorization", StringComparison.Ordinal) == true)
            {
                services[i] = ServiceDescriptor.Singleton(registered.ServiceType, type);
            }
        }

        return services;
    }
}
