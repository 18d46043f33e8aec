using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Identity;

/// <summary>
/// The standard JWT handler, remembering for a short while the tokens it found valid. A caller
/// sends the same token on every call, and checking its signature and claims again each time cost
/// about a tenth of the CPU of a simple read. A remembered token is still refused once it expires;
/// only valid tokens are remembered, and at most <see cref="Capacity"/> of them. The handler
/// serves one scheme, whose validation parameters are fixed at start-up (JwtBearer hands it a
/// fresh copy of them on every request, so they cannot be told apart by instance).
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider timeProvider) : JsonWebTokenHandler
{
    public const int Capacity = 10_000;

    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var entry))
        {
            if (now < entry.Until)
            {
                return entry.Result;
            }

            _valid.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            // Built now, once, rather than lazily by whichever request reads it first.
            _ = result.ClaimsIdentity;
            var expires = validated.ValidTo == DateTime.MinValue ? now + KeepFor : validated.ValidTo;
            _valid[token] = new Entry(result, expires < now + KeepFor ? expires : now + KeepFor);
        }

        return result;
    }

    private sealed record Entry(TokenValidationResult Result, DateTime Until);
}
