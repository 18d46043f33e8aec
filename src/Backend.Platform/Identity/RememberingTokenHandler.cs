using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// The JWT bearer handler's token handler: the standard <see cref="JsonWebTokenHandler"/>, which
/// also remembers the tokens it found valid. A caller sends the same token on every call, and
/// checking an ES256 signature again each time costs more than a whole simple read (see
/// docs/decisions/0004-remembered-token-validation.md). A remembered token is used only until it
/// expires, at most <see cref="Capacity"/> of them, and never once its session is revoked: the
/// denylist is checked on every call. Each call gets an identity of its own, with only the claims
/// the platform reads after validation (<see cref="Kept"/>): an open stream keeps its identity for
/// as long as it lasts, and the token's issuer, audience and times are checked already.
/// </summary>
internal sealed class RememberingTokenHandler(IssuerKeySource keys, RevokedSessions revoked, TimeProvider timeProvider, int capacity)
    : JsonWebTokenHandler
{
    /// <summary>The claims callers' identities keep: who, in which role, in which session, until when, allowed what.</summary>
    private static readonly string[] Kept = [TokenClaims.Subject, TokenClaims.Role, TokenClaims.SessionId, TokenClaims.Expires, TokenClaims.Permission];

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);

    public int Capacity => capacity;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var remembered))
        {
            // Used while it lasts and while its key is still the issuer's.
            if (timeProvider.GetUtcNow().UtcDateTime < remembered.Until && keys.Knows(remembered.KeyId))
            {
                return revoked.IsRevoked(remembered.SessionId) ? Revoked() : remembered.NewResult(validationParameters);
            }

            _valid.TryRemove(token, out _);
        }

        var result = await ValidateSignedAsync(token, validationParameters);
        if (!result.IsValid)
        {
            return result;
        }

        if (result.ClaimsIdentity.FindFirst(TokenClaims.SessionId)?.Value is not { Length: > 0 } sessionId)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenValidationException("The token names no session.") };
        }

        if (revoked.IsRevoked(sessionId))
        {
            return Revoked();
        }

        var valid = new Remembered(
            [.. result.ClaimsIdentity.Claims.Where(claim => Kept.Contains(claim.Type, StringComparer.Ordinal))],
            result.ClaimsIdentity.AuthenticationType, sessionId, (result.SecurityToken as JsonWebToken)?.Kid, result.SecurityToken);
        if (capacity > 0)
        {
            if (_valid.Count >= capacity)
            {
                _valid.Clear();
            }

            _valid[token] = valid;
        }

        return valid.NewResult(validationParameters);
    }

    private async Task<TokenValidationResult> ValidateSignedAsync(string token, TokenValidationParameters validationParameters)
    {
        // A key id not known yet may be the issuer's new key: learn its keys again first.
        if (CanReadToken(token) && !keys.Knows(ReadJsonWebToken(token).Kid))
        {
            await keys.RefreshAsync(CancellationToken.None);
        }

        validationParameters.IssuerSigningKeys = keys.Keys;
        return await base.ValidateTokenAsync(token, validationParameters);
    }

    private static TokenValidationResult Revoked() =>
        new() { IsValid = false, Exception = new SessionRevokedException("The token's session was ended.") };

    private sealed record Remembered(Claim[] Claims, string? AuthenticationType, string SessionId, string? KeyId, SecurityToken Token)
    {
        public DateTime Until { get; } = Token.ValidTo;

        public TokenValidationResult NewResult(TokenValidationParameters parameters) => new()
        {
            IsValid = true,
            SecurityToken = Token,
            ClaimsIdentity = new ClaimsIdentity(Claims, AuthenticationType, parameters.NameClaimType, parameters.RoleClaimType),
        };
    }
}
