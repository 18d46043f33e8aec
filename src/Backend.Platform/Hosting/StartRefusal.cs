using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Hosting;

/// <summary>
/// A configuration problem found while the services are registered, reported when the host
/// starts: after the check of <c>Host:Services</c>, whose typo may be the problem's cause.
/// </summary>
public sealed class StartRefusal : IHostedLifecycleService
{
    private readonly string _problem;

    private StartRefusal(string problem) => _problem = problem;

    /// <summary>Stops the start with this problem.</summary>
    public static WebApplicationBuilder Refuse(WebApplicationBuilder builder, string problem)
    {
        builder.Services.AddHostedService(_ => new StartRefusal(problem));
        return builder;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(_problem);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
