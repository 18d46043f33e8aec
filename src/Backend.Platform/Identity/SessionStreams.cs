using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Identity;

/// <summary>
/// A server stream lives no longer than the token that opened it: it ends UNAUTHENTICATED
/// (reason TOKEN_EXPIRED) when the token expires and (SESSION_REVOKED) as soon as its session is
/// revoked, so that a client reconnects with a fresh token or not at all.
/// </summary>
public static class SessionStreams
{
    public static async Task FollowSessionAsync(this ServerCallContext context, Func<CancellationToken, Task> stream)
    {
        using var session = context.FollowSession();
        try
        {
            await stream(session.Token);
        }
        catch (Exception) when (session.Ended)
        {
            throw session.Refusal();
        }
    }

    /// <summary>
    /// The same for a stream method that holds the session itself (see <see cref="SessionStream"/>):
    /// it disposes it, and answers <see cref="SessionStream.Refusal"/> when its work fails once
    /// <see cref="SessionStream.Ended"/>.
    /// </summary>
    public static SessionStream FollowSession(this ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var expiry = ExpiresAt(http.User) is { } expires ? http.RequestServices.GetRequiredService<StreamExpiries>().At(expires) : CancellationToken.None;
        return new SessionStream(
            http.RequestServices.GetRequiredService<RevokedSessions>(), http.User.FindFirstValue(TokenClaims.SessionId), context.CancellationToken, expiry);
    }

    private static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(TokenClaims.Expires), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
