namespace Backend.Platform.Limits;

/// <summary>
/// Configuration section <c>RateLimiting:Anonymous</c>: the budget of each address for the calls
/// that anyone may make and that each cost a password hash or a session lookup (signing in,
/// refreshing a session, signing up), kept apart from the generic per-caller limit.
/// </summary>
public sealed class AnonymousRateLimitOptions
{
    /// <summary>Such calls one address may make per minute, all of them together.</summary>
    public int PermitsPerMinute { get; set; } = 10;
}
