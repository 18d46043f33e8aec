using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Hosting;

/// <summary>
/// Refuses to start when <c>Host:Services</c> names a service the host does not compose: a typo
/// would otherwise start a process that serves nothing it was meant to. It runs before any other
/// start-up work, so the typo is what the operator reads, not what follows from it.
/// </summary>
internal sealed class ServiceNamesCheck(IEnumerable<ComposedService> composed, IConfiguration configuration) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var known = composed.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = HostedServices.Named(configuration).Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{HostedServices.Key} names unknown services: {string.Join(", ", unknown)}. Known: {string.Join(", ", known.Order())}.");
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
