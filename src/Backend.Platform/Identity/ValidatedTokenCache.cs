using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// Validates bearer tokens with the standard JWT handler and remembers for a short while the ones
/// it found valid, as a finished authentication result. A caller sends the same token on every
/// call, and checking its signature and claims again each time cost about a tenth of the CPU of a
/// simple read. A remembered token is still refused once it expires; only valid tokens are
/// remembered, and at most <see cref="Capacity"/> of them.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider timeProvider, TokenValidationParameters parameters, string scheme)
{
    public const int Capacity = 10_000;

    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    /// <summary>The result for this token: remembered, or validated now.</summary>
    public Task<AuthenticateResult> AuthenticateAsync(ReadOnlySpan<char> token)
    {
        var remembered = _valid.GetAlternateLookup<ReadOnlySpan<char>>();
        if (remembered.TryGetValue(token, out var entry))
        {
            if (timeProvider.GetUtcNow().UtcDateTime < entry.Until)
            {
                return entry.Result;
            }

            remembered.TryRemove(token, out _);
        }

        return ValidateAsync(token.ToString());
    }

    private async Task<AuthenticateResult> ValidateAsync(string token)
    {
        var validated = await _handler.ValidateTokenAsync(token, parameters);
        if (!validated.IsValid)
        {
            return AuthenticateResult.Fail(validated.Exception ?? new SecurityTokenValidationException("The token is not valid."));
        }

        var result = AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(validated.ClaimsIdentity), scheme));
        if (_valid.Count >= Capacity)
        {
            _valid.Clear();
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var expires = validated.SecurityToken.ValidTo == DateTime.MinValue ? now + KeepFor : validated.SecurityToken.ValidTo;
        _valid[token] = new Entry(Task.FromResult(result), expires < now + KeepFor ? expires : now + KeepFor);
        return result;
    }

    private sealed record Entry(Task<AuthenticateResult> Result, DateTime Until);
}
