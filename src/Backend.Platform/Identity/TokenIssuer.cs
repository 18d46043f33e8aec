using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Signs the platform's access tokens: subject, role, session, expiry, and for a service the
/// methods it may call. Exists only in the process that hosts UserService.
/// </summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider timeProvider)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>An access token of a user's session.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string subject, string role, string sessionId, TimeSpan? lifetime = null) =>
        Sign(subject, role, sessionId, lifetime, permissions: null);

    /// <summary>
    /// An access token of a service client, carrying only that client's permissions: those of
    /// <see cref="ServicePermissions"/> for the platform's own, else <paramref name="permissions"/>.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueForClient(
        string clientId, TimeSpan? lifetime = null, IReadOnlyCollection<string>? permissions = null) =>
        Sign(clientId, PlatformRoles.Service, NewSessionId(), lifetime, ServicePermissions.Of(clientId) is { Count: > 0 } own ? own : permissions ?? []);

    /// <summary>A new session id: random, URL-safe.</summary>
    public static string NewSessionId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    private (string Token, DateTimeOffset ExpiresAt) Sign(
        string subject, string role, string sessionId, TimeSpan? lifetime, IReadOnlyCollection<string>? permissions)
    {
        var now = timeProvider.GetUtcNow();
        var expires = now + (lifetime ?? options.Value.AccessTokenLifetime);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [TokenClaims.SessionId] = sessionId };
        if (permissions is not null)
        {
            claims[TokenClaims.Permission] = permissions.ToArray();
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, subject), new Claim(TokenClaims.Role, role)]),
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = keys.Signing,
        });
        return (token, expires);
    }
}
