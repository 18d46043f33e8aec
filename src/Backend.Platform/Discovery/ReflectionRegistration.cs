using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Discovery;

/// <summary>
/// Server reflection, v1 and v1alpha (grpcurl speaks either), served from descriptors that keep
/// the contract's comments.
/// </summary>
internal static class ReflectionRegistration
{
    public static IServiceCollection AddContractReflection(this IServiceCollection services)
    {
        services.AddSingleton<ContractDescriptors>();
        services.AddSingleton<ReflectionCatalog>();
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<ReflectionCatalog>();
            return new ReflectionV1ServiceImpl(catalog.Services, catalog.Registry);
        });
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<ReflectionCatalog>();
            return new ReflectionServiceImpl(catalog.Services, catalog.Registry);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapContractReflection(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ReflectionV1ServiceImpl>().AllowAnonymous();
        endpoints.MapGrpcService<ReflectionServiceImpl>().AllowAnonymous();
        return endpoints;
    }
}
