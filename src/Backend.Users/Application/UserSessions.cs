using System.Security.Cryptography;
using System.Text;
using Backend.Platform.Data;
using Backend.Platform.Errors;
using Backend.Platform.Identity;
using Backend.Users.Data;
using Backend.Users.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Users.Application;

/// <summary>
/// Sessions: started by a sign-in, continued with single-use refresh tokens, ended by sign-out,
/// by a password or role change, by the user's deletion, or by a refresh token presented twice.
/// An ended session is recorded as a revocation, which every service learns within moments.
/// </summary>
internal sealed class UserSessions(
    ServiceDatabase<UsersDbContext> database, TokenIssuer tokens, RevokedSessions revoked, IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    public const string RefreshTokenReused = "REFRESH_TOKEN_REUSED";

    /// <summary>Starts a session for a user whose credentials were just checked.</summary>
    public async Task<SessionTokens> StartAsync(User user, CancellationToken cancellationToken)
    {
        var session = new Session { Id = TokenIssuer.NewSessionId(), UserId = user.Id, CreateTime = timeProvider.Now() };
        await using var lease = database.Open();
        lease.Db.Sessions.Add(session);
        var refreshToken = NewRefreshToken(lease.Db, session.Id);
        await lease.Db.SaveChangesAsync(cancellationToken);
        return Tokens(user, session.Id, refreshToken);
    }

    public async Task<SessionTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = timeProvider.Now();
        var hash = Hash(refreshToken);
        await using var lease = database.Open();
        var db = lease.Db;
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (stored is null || stored.ExpireTime <= now)
        {
            throw new DomainException(ErrorKind.Unauthenticated, "INVALID_REFRESH_TOKEN",
                "The refresh token is unknown or expired: sign in again with UserService.Authenticate.");
        }

        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == stored.SessionId, cancellationToken);
        if (session is null || session.RevokeTime is not null)
        {
            throw Revoked();
        }

        // Exactly one presentation wins the token, even from two instances at once.
        var claimed = stored.UseTime is null && await db.RefreshTokens
            .Where(t => t.Hash == hash && t.UseTime == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UseTime, now), cancellationToken) == 1;
        var user = claimed ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == session.UserId, cancellationToken) : null;
        if (!claimed || user is null)
        {
            // A used refresh token came back: someone holds a copy. End the whole session.
            var ended = Revoke(db, session, now);
            await db.SaveChangesAsync(cancellationToken);
            Publish([ended]);
            throw claimed
                ? Revoked()
                : new DomainException(ErrorKind.Unauthenticated, RefreshTokenReused,
                    "This refresh token was already used, so the session is ended everywhere. Sign in again.");
        }

        var next = NewRefreshToken(db, session.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Tokens(user, session.Id, next);
    }

    /// <summary>Ends one session (the caller's own, on sign-out).</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var lease = database.Open();
        var db = lease.Db;
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var now = timeProvider.Now();
        Revocation ended;
        if (session is null)
        {
            // A token whose session was never stored (a service's): refuse it all the same.
            ended = Record(db, sessionId, now);
        }
        else if (session.RevokeTime is null)
        {
            ended = Revoke(db, session, now);
        }
        else
        {
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
        Publish([ended]);
    }

    /// <summary>
    /// Ends every session of the user but <paramref name="keepSessionId"/>, as part of the
    /// change being saved in <paramref name="db"/>, the caller's unit of work; publish the result
    /// once it is saved.
    /// </summary>
    public async Task<IReadOnlyList<Revocation>> EndAllAsync(UsersDbContext db, string userId, string? keepSessionId, CancellationToken cancellationToken)
    {
        var now = timeProvider.Now();
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.RevokeTime == null).ToListAsync(cancellationToken);
        return sessions.Where(s => s.Id != keepSessionId).Select(s => Revoke(db, s, now)).ToList();
    }

    /// <summary>Refuses the ended sessions' tokens in this process at once; the others follow.</summary>
    public void Publish(IEnumerable<Revocation> ended)
    {
        foreach (var revocation in ended)
        {
            revoked.Revoke(revocation);
        }
    }

    private Revocation Revoke(UsersDbContext db, Session session, DateTimeOffset now)
    {
        session.RevokeTime = now;
        return Record(db, session.Id, now);
    }

    private Revocation Record(UsersDbContext db, string sessionId, DateTimeOffset now)
    {
        // No access token of the session outlives this, so neither need the revocation.
        var keepUntil = now + options.Value.AccessTokenLifetime + options.Value.ClockSkew;
        db.SessionRevocations.Add(new SessionRevocation { SessionId = sessionId, RevokeTime = now, KeepUntil = keepUntil });
        return new Revocation(sessionId, keepUntil);
    }

    private string NewRefreshToken(UsersDbContext db, string sessionId)
    {
        var value = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Hash = Hash(value),
            SessionId = sessionId,
            ExpireTime = timeProvider.Now() + options.Value.RefreshTokenLifetime,
        });
        return value;
    }

    private SessionTokens Tokens(User user, string sessionId, string refreshToken)
    {
        var (accessToken, expiresAt) = tokens.Issue(user.Id, UserAccounts.RoleName(user.Role), sessionId);
        return new SessionTokens(accessToken, expiresAt, refreshToken);
    }

    private static string Hash(string refreshToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    private static DomainException Revoked() =>
        new(ErrorKind.Unauthenticated, TokenRefusals.SessionRevoked, "The session was ended: sign in again with UserService.Authenticate.");
}
