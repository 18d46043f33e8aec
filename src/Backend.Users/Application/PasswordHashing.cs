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
            QueueLimit = Math.Max(0, options.Value.QueueLimit),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _unknownAccountHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N")));
    }

    /// <summary>Hashes waiting for a free slot.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public async Task<string> HashAsync(User user, string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return _hasher.HashPassword(user, password);
    }

    public async Task<PasswordVerificationResult> VerifyAsync(User user, string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return Verify(user, user.PasswordHash, password);
    }

    /// <summary>Spends on a password for no account what <see cref="VerifyAsync"/> spends; always fails.</summary>
    public async Task VerifyForUnknownAccountAsync(string password, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        Verify(Nobody, _unknownAccountHash.Value, password);
    }

    public void Dispose() => _limiter.Dispose();

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
