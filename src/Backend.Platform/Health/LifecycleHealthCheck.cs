using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Health;

/// <summary>
/// Healthy while the process runs; unhealthy from the moment it starts shutting down, so that
/// load balancers and probes stop sending new work before in-flight calls are drained.
/// </summary>
internal sealed class LifecycleHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The process is shutting down.")
            : HealthCheckResult.Healthy());
}
