using System.Globalization;
using System.Security.Claims;
using Backend.Platform.Errors;
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
        var http = context.GetHttpContext();
        var revoked = http.RequestServices.GetRequiredService<RevokedSessions>();
        var sessionId = http.User.FindFirstValue(TokenClaims.SessionId);
        var expiry = ExpiresAt(http.User) is { } expires ? http.RequestServices.GetRequiredService<StreamExpiries>().At(expires) : CancellationToken.None;

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, expiry);
        using var registration = sessionId is null ? null : revoked.CancelOnRevocation(sessionId, ending);
        try
        {
            await stream(ending.Token);
        }
        catch (Exception) when (ending.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw sessionId is not null && revoked.IsRevoked(sessionId)
                ? new DomainException(ErrorKind.Unauthenticated, GrpcAuthorizationResultHandler.SessionRevoked,
                    "The session of this stream's token was ended. Sign in again.")
                : new DomainException(ErrorKind.Unauthenticated, GrpcAuthorizationResultHandler.TokenExpired,
                    "The access token that opened this stream expired: reconnect with a fresh token from the last revision received.");
        }
    }

    private static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(TokenClaims.Expires), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
