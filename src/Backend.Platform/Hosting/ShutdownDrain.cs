using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Hosting;

/// <summary>
/// On SIGTERM, health turns NOT_SERVING at once (the process is stopping) while the server keeps
/// serving for <c>Shutdown:DrainDelay</c>, so that load balancers and readiness probes take the
/// instance out before it stops accepting calls; then in-flight calls finish.
/// </summary>
internal sealed class ShutdownDrain(IConfiguration configuration, TimeProvider timeProvider) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        configuration.GetValue("Shutdown:DrainDelay", TimeSpan.Zero) is { } delay && delay > TimeSpan.Zero
            ? Task.Delay(delay, timeProvider, cancellationToken)
            : Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
