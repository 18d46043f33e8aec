using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backend.Platform.Data;

/// <summary>
/// Healthy while the service's database can be reached. The database is asked at most once per
/// <c>Health:DatabaseProbeInterval</c> (1 s by default) and every check in between answers with
/// that result, so health probes, however frequent, cost the database nothing more.
/// </summary>
internal sealed class DatabaseHealthCheck<TContext>(IServiceProvider services, TimeSpan probeInterval) : IHealthCheck, IDisposable
    where TContext : DbContext
{
    private readonly SemaphoreSlim _probing = new(1, 1);
    private Probe? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } result)
        {
            return result;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }

            var probed = await ProbeAsync(cancellationToken);
            Volatile.Write(ref _last, new Probe(Stopwatch.GetTimestamp(), probed));
            return probed;
        }
        finally
        {
            _probing.Release();
        }
    }

    public void Dispose() => _probing.Dispose();

    private HealthCheckResult? Fresh() =>
        Volatile.Read(ref _last) is { } last && Stopwatch.GetElapsedTime(last.At) < probeInterval ? last.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var lease = services.GetRequiredService<ServiceDatabase<TContext>>().Open();
            return await lease.Db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", error);
        }
    }

    private sealed record Probe(long At, HealthCheckResult Result);
}
