using Backend.Platform.Telemetry;

namespace Backend.Payments.Outbox;

/// <summary>
/// How far the hand-overs lag, as the dispatcher last saw it: exported as the gauges
/// <c>backend.payments.outbox.backlog</c> and <c>backend.payments.outbox.oldest_age</c>.
/// </summary>
internal sealed class OutboxBacklog
{
    private long _pending;
    private long _oldestAgeMilliseconds;

    public OutboxBacklog(BackendMetrics metrics)
    {
        metrics.Meter.CreateObservableGauge("backend.payments.outbox.backlog", () => Interlocked.Read(ref _pending),
            "{message}", "Hand-overs to OrderService not yet acknowledged.");
        metrics.Meter.CreateObservableGauge("backend.payments.outbox.oldest_age", () => Interlocked.Read(ref _oldestAgeMilliseconds) / 1000.0,
            "s", "Age of the oldest hand-over not yet acknowledged.");
    }

    public void Observe(long pending, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _oldestAgeMilliseconds, (long)oldestAge.TotalMilliseconds);
    }
}
