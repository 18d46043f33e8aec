using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Health;

/// <summary>
/// Makes <c>grpc.health.v1.Health</c> answer for a service's full name from the health checks
/// tagged with that name: the process lifecycle, plus whatever the service adds (its database).
/// <c>""</c> answers for all checks.
/// </summary>
public static class ServiceHealthRegistration
{
    public static IHealthChecksBuilder AddServiceHealth(this IServiceCollection services, string serviceFullName)
    {
        services.Configure<GrpcHealthChecksOptions>(o =>
            o.Services.Map(serviceFullName, registration => registration.Tags.Contains(serviceFullName)));
        return services.AddHealthChecks()
            .AddCheck<LifecycleHealthCheck>(serviceFullName + ":lifecycle", tags: [serviceFullName]);
    }
}
