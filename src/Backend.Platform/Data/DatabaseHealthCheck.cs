using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Backend.Platform.Data;

/// <summary>
/// Healthy while the service's database can be reached. The database is asked at most once per
/// <c>Health:DatabaseProbeInterval</c> (1 s by default) and every check in between answers with
/// that result, so health probes, however frequent, cost the database nothing more. It logs when
/// the database stops answering (Warning) and when it answers again, not at every probe.
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
            var before = Volatile.Read(ref _last)?.Result.Status ?? HealthStatus.Healthy;
            if (probed.Status != before)
            {
                var logger = services.GetRequiredService<ILogger<DatabaseHealthCheck<TContext>>>();
                if (probed.Status == HealthStatus.Healthy)
                {
                    DatabaseHealthLog.Reachable(logger, typeof(TContext).Name);
                }
                else
                {
                    DatabaseHealthLog.Unreachable(logger, typeof(TContext).Name, probed.Exception?.Message ?? probed.Description ?? "");
                }
            }

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

internal static partial class DatabaseHealthLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The database of {Context} cannot be reached: {Reason}")]
    public static partial void Unreachable(ILogger logger, string context, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database of {Context} answers again")]
    public static partial void Reachable(ILogger logger, string context);
}
