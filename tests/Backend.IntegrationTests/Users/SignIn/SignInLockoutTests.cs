using Backend.Users.Domain;

namespace Backend.IntegrationTests.Users.SignIn;

public sealed class SignInLockoutTests
{
    private static readonly SignInLockout Policy = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AfterFailure_FifthWithinTheWindow_LocksForTheBaseDelay()
    {
        var failures = Fail(SignInFailures.None, Start, count: 4, every: TimeSpan.FromMinutes(3));
        Assert.Null(SignInLockout.RetryAfter(failures, Start + TimeSpan.FromMinutes(9)));

        failures = Policy.AfterFailure(failures, Start + TimeSpan.FromMinutes(14));

        Assert.Equal(TimeSpan.FromMinutes(1), SignInLockout.RetryAfter(failures, Start + TimeSpan.FromMinutes(14)));
        Assert.Null(SignInLockout.RetryAfter(failures, Start + TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void AfterFailure_FiveSpreadOverMoreThanTheWindow_NoLock()
    {
        var failures = Fail(SignInFailures.None, Start, count: 5, every: TimeSpan.FromMinutes(4));

        Assert.Equal(1, failures.Count);
        Assert.Null(SignInLockout.RetryAfter(failures, Start + TimeSpan.FromMinutes(16)));
    }

    [Fact]
    public void AfterFailure_EachFailureAfterALock_DoublesTheWaitUpToTheMaximum()
    {
        var failures = Fail(SignInFailures.None, Start, count: 5, every: TimeSpan.FromSeconds(1));
        var now = Start + TimeSpan.FromSeconds(4);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var wait = SignInLockout.RetryAfter(failures, now)!.Value;
            waits.Add(wait);
            now += wait;
            failures = Policy.AfterFailure(failures, now);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], waits.Select(w => (int)w.TotalMinutes));
    }

    [Fact]
    public void AfterFailure_AQuietWindowAfterTheLockEnded_CountsAfresh()
    {
        var failures = Fail(SignInFailures.None, Start, count: 5, every: TimeSpan.FromSeconds(1));
        var lockEnd = failures.LockedUntil!.Value;

        failures = Policy.AfterFailure(failures, lockEnd + TimeSpan.FromMinutes(15));

        Assert.Equal(1, failures.Count);
        Assert.Null(failures.LockedUntil);
    }

    private static SignInFailures Fail(SignInFailures failures, DateTimeOffset from, int count, TimeSpan every)
    {
        for (var i = 0; i < count; i++)
        {
            failures = Policy.AfterFailure(failures, from + (every * i));
        }

        return failures;
    }
}
