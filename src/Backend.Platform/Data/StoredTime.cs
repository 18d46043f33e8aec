namespace Backend.Platform.Data;

/// <summary>
/// Timestamps as every database of the platform keeps them: UTC, to the microsecond (PostgreSQL's
/// precision), so that what a write returns equals what a later read returns.
/// </summary>
public static class StoredTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset Now(this TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TicksPerMicrosecond), TimeSpan.Zero);
    }
}
