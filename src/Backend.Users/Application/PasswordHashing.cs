using System.Threading.RateLimiting;
using Backend.Platform.Errors;
using Backend.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Backend.Users.Application;

/// <summary>
/// Every password hash of the service, computed under a concurrency limit: at most one hash per
/// core at once and a short queue, so that sign-in floods cannot take every core of the host
/// from the other services. A hash that finds the queue full is refused at once.
/// </summary>
internal sealed class PasswordHashing : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private static readonly User Nobody = new() { Id = "", Email = "", DisplayName = "", PasswordHash = "" };

    private readonly IPasswordHasher<User> _hasher;
    private readonly ConcurrencyLimiter _limiter;

    // Verified against for an unknown email, so that it costs what a wrong password costs: one
    // hash of the same work factor. Computed once for the process, on first need.
    private readonly Lazy<string> _unknownAccountHash;

    public PasswordHashing(IPasswordHasher<User> hasher, IOptions<PasswordHashingOptions> options)
    {
        _hasher = hasher;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.EffectiveMaxConcurrent,
            QueueLimit = options.Value.EffectiveQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _unknownAccountHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N")));
    }

    /// <summary>Hashes waiting for a free slot.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public async Task<string> HashAsync(User user, string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return await OffThreadPool(() => _hasher.HashPassword(user, password));
    }

    public async Task<PasswordVerificationResult> VerifyAsync(User user, string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return await OffThreadPool(() => Verify(user, user.PasswordHash, password));
    }

    /// <summary>Spends on a password for no account what <see cref="VerifyAsync"/> spends; always fails.</summary>
    public async Task VerifyForUnknownAccountAsync(string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        await OffThreadPool(() => Verify(Nobody, _unknownAccountHash.Value, password));
    }

    public void Dispose() => _limiter.Dispose();

    // A hash holds a core for 100-700 ms. On the thread pool, a few of them at once leave too few
    // pool threads for every other call of the host until the pool notices and adds threads; each
    // runs on a thread of its own instead (at most the limiter's permits exist at once), and the
    // pool's threads stay free for the short calls.
    private static Task<T> OffThreadPool<T>(Func<T> hash) =>
        Task.Factory.StartNew(hash, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private async Task<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        throw new RetryLaterException("PASSWORD_HASHING_BUSY",
            $"Too many sign-ins and sign-ups at once; retry after {RetryAfter.TotalMilliseconds:0} ms.", RetryAfter);
    }

    private PasswordVerificationResult Verify(User user, string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(user, hash, password);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }
}
