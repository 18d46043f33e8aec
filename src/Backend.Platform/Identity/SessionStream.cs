using Backend.Platform.Errors;

namespace Backend.Platform.Identity;

/// <summary>
/// What ends a server stream besides its caller: the expiry of the token that opened it and the
/// revocation of its session (see <see cref="SessionStreams"/>). <see cref="Token"/> is cancelled
/// by any of them; once the stream's work has failed because of it, <see cref="Ended"/> says
/// whether the session, rather than the caller, ended it, and <see cref="Refusal"/> what to
/// answer. One object per stream, held by the stream's own method, so that a stream that waits
/// for months keeps no closure or extra task for it.
/// </summary>
public sealed class SessionStream : IDisposable
{
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _ending;
    private readonly RevokedSessions? _revoked;
    private readonly string? _sessionId;

    internal SessionStream(RevokedSessions? revoked, string? sessionId, CancellationToken caller, CancellationToken expiry)
    {
        (_caller, _revoked, _sessionId) = (caller, revoked, sessionId);
        _ending = CancellationTokenSource.CreateLinkedTokenSource(caller, expiry);
        if (sessionId is not null)
        {
            revoked?.Follow(sessionId, _ending);
        }
    }

    /// <summary>Cancelled when the caller goes, the token expires or the session is revoked.</summary>
    public CancellationToken Token => _ending.Token;

    /// <summary>Whether the token's expiry or the session's revocation, not the caller, ended the stream.</summary>
    public bool Ended => _ending.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>A stream that ends only with its caller: for in-process callers that hold no token.</summary>
    public static SessionStream Unbounded(CancellationToken caller) => new(null, null, caller, CancellationToken.None);

    /// <summary>UNAUTHENTICATED, with SESSION_REVOKED or TOKEN_EXPIRED as the reason.</summary>
    public DomainException Refusal() =>
        _sessionId is not null && _revoked?.IsRevoked(_sessionId) == true
            ? new DomainException(ErrorKind.Unauthenticated, TokenRefusals.SessionRevoked,
                "The session of this stream's token was ended. Sign in again.")
            : new DomainException(ErrorKind.Unauthenticated, TokenRefusals.TokenExpired,
                "The access token that opened this stream expired: reconnect with a fresh token from the last revision received.");

    public void Dispose()
    {
        if (_sessionId is not null)
        {
            _revoked?.Unfollow(_sessionId, _ending);
        }

        _ending.Dispose();
    }
}
