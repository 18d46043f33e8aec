namespace Backend.Platform.Identity;

/// <summary>
/// The ErrorInfo reasons of an UNAUTHENTICATED answer that tell a caller what to do next: with
/// <see cref="TokenExpired"/> it retries with a fresh token; with <see cref="SessionRevoked"/> it
/// signs in again.
/// </summary>
public static class TokenRefusals
{
    public const string SessionRevoked = "SESSION_REVOKED";
    public const string TokenExpired = "TOKEN_EXPIRED";
}
