using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Users.Data;
using Backend.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Backend.Users.Application;

/// <summary>
/// Checks an email and password: one password hash whether or not the account exists, and the
/// account's lockout, kept in the users database so that every instance sees it.
/// </summary>
internal sealed class CredentialCheck(ServiceDatabase<UsersDbContext> database, PasswordHashing hashing, IOptions<SignInLockoutOptions> lockout, TimeProvider timeProvider)
{
    // Optimistic writes of the failure record; beyond this many races the failure is not counted.
    private const int MaxWriteAttempts = 5;

    private readonly SignInLockout _policy = lockout.Value.ToPolicy();

    /// <summary>The account the credentials belong to; throws INVALID_CREDENTIALS or ACCOUNT_LOCKED otherwise.</summary>
    public async Task<User> VerifyAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Normalize(email);
        User? user;
        // No context is held while a password is hashed: a hash takes far longer than the reads.
        await using (var lease = database.Open())
        {
            user = await lease.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        }

        if (user is null)
        {
            await hashing.VerifyForUnknownAccountAsync(password, cancellationToken);
            throw InvalidCredentials();
        }

        // A locked account costs no hash: refusing it is cheap, whoever keeps trying.
        if (SignInLockout.RetryAfter(user.SignInFailures, timeProvider.GetUtcNow()) is { } wait)
        {
            throw Locked(wait);
        }

        var verdict = await hashing.VerifyAsync(user, password, cancellationToken);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user, cancellationToken);
            throw InvalidCredentials();
        }

        if (!user.SignInFailures.IsNone)
        {
            await using var lease = database.Open();
            await WriteAsync(lease.Db, user.Id, user.SignInFailures, SignInFailures.None, cancellationToken);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await RehashAsync(user.Id, password, cancellationToken);
        }

        return user;
    }

    // One answer for an unknown email and a wrong password, so neither reveals which accounts exist.
    private static DomainException InvalidCredentials() =>
        new(ErrorKind.Unauthenticated, "INVALID_CREDENTIALS", "The email or password is wrong.");

    private static RetryLaterException Locked(TimeSpan wait) =>
        new("ACCOUNT_LOCKED",
            $"Too many wrong passwords for this account; sign-in is refused for {Math.Ceiling(wait.TotalSeconds):0} s.",
            wait);

    private async Task RecordFailureAsync(User user, CancellationToken cancellationToken)
    {
        var observed = user.SignInFailures;
        await using var lease = database.Open();
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var next = _policy.AfterFailure(observed, timeProvider.GetUtcNow());
            if (await WriteAsync(lease.Db, user.Id, observed, next, cancellationToken))
            {
                return;
            }

            // Another attempt on the same account was recorded meanwhile: count on top of it.
            var current = await lease.Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == user.Id, cancellationToken);
            if (current is null)
            {
                return;
            }

            observed = current.SignInFailures;
        }
    }

    /// <summary>Replaces the failure record if it is still <paramref name="expected"/>; leaves the etag alone.</summary>
    private static async Task<bool> WriteAsync(UsersDbContext db, string userId, SignInFailures expected, SignInFailures next, CancellationToken cancellationToken)
    {
        var changed = await db.Users
            .Where(u => u.Id == userId
                && u.FailedSignIns == expected.Count
                && u.FailedSignInsSince == expected.Since
                && u.SignInLockedUntil == expected.LockedUntil)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.FailedSignIns, next.Count)
                .SetProperty(u => u.FailedSignInsSince, next.Since)
                .SetProperty(u => u.SignInLockedUntil, next.LockedUntil), cancellationToken);
        return changed == 1;
    }

    private async Task RehashAsync(string userId, string password, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var db = lease.Db;
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        user.PasswordHash = await hashing.HashAsync(user, password, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed meanwhile: the next sign-in upgrades the hash.
        }
    }
}
