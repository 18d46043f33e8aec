namespace Backend.Payments.Application;

/// <summary>Configuration section <c>Payments</c>.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>How long idempotency keys are kept; a key is honoured at least this long.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a retry waits for the first request with its key to finish before answering ABORTED.</summary>
    public TimeSpan IdempotencyWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A charge or refund left unfinished this long (a crash) is finished by recovery.</summary>
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the built-in simulated processor takes at most to answer a charge or refund; each
    /// takes a random time up to it, as a real provider would. Zero (default) answers at once.
    /// </summary>
    public TimeSpan SimulatedProcessorLatency { get; set; } = TimeSpan.Zero;

    /// <summary>The deadline of each call to OrderService.</summary>
    public TimeSpan OrdersDeadline { get; set; } = TimeSpan.FromSeconds(5);
}
