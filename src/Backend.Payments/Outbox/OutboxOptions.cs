namespace Backend.Payments.Outbox;

/// <summary>Configuration section <c>Payments:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Payments:Outbox";

    /// <summary>
    /// Whether this process delivers hand-overs, right after a charge or refund and in the
    /// background. Every process may (claims keep them from delivering one message twice); turn
    /// it off to leave delivery to other processes.
    /// </summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due messages when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed message is held before another dispatcher may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    public int BatchSize { get; set; } = 50;
}
