namespace Backend.Users.Domain;

/// <summary>
/// Per-account lockout: after <see cref="MaxFailures"/> wrong passwords within <see cref="Window"/>
/// sign-ins are refused for <see cref="BaseDelay"/>, and each further wrong password given before
/// a quiet window has passed doubles the wait (up to <see cref="MaxDelay"/>). Only the account
/// counts, not where the attempts come from.
/// </summary>
public sealed record SignInLockout(int MaxFailures, TimeSpan Window, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>How long the caller must wait before trying again, or null when it may try now.</summary>
    public static TimeSpan? RetryAfter(SignInFailures failures, DateTimeOffset now) =>
        failures.LockedUntil is { } until && until > now ? until - now : null;

    /// <summary>The record after one more wrong password at <paramref name="now"/>.</summary>
    public SignInFailures AfterFailure(SignInFailures failures, DateTimeOffset now)
    {
        // A window with no failure since the last lock ended (or since the window began, if
        // never locked) starts the count afresh; until then failures keep adding up.
        var windowStart = failures.LockedUntil ?? failures.Since;
        var current = windowStart is { } start && now - start < Window ? failures : new SignInFailures(0, now, null);
        var count = current.Count + 1;
        if (count < MaxFailures)
        {
            return current with { Count = count };
        }

        return current with { Count = count, LockedUntil = now + Delay(count - MaxFailures) };
    }

    /// <summary><see cref="BaseDelay"/> doubled for every failure past the limit, at most <see cref="MaxDelay"/>.</summary>
    public TimeSpan Delay(int failuresPastLimit)
    {
        var doublings = Math.Min(failuresPastLimit, 30);
        var ticks = Math.Min((double)BaseDelay.Ticks * Math.Pow(2, doublings), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
