using System.Security.Claims;
using System.Security.Cryptography;
using Backend.Platform.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Tests;

public sealed class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32));

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "backend",
        ValidAudience = "backend",
        IssuerSigningKey = Key,
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task Validate_SameTokenAgain_SameIdentityWithoutCheckingAgain()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromMinutes(5));

        var first = await cache.ValidateTokenAsync(token, Parameters);
        var second = await cache.ValidateTokenAsync(token, CopyOf(Parameters));

        Assert.True(first.IsValid);
        Assert.Same(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("alice", second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task Validate_RememberedTokenOnceExpired_Refused()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var token = Token(TimeSpan.FromSeconds(2));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters)).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.False((await cache.ValidateTokenAsync(token, Parameters)).IsValid);
    }

    [Fact]
    public async Task Validate_InvalidToken_NeverRemembered()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "backend",
            Audience = "backend",
            Subject = new ClaimsIdentity([new Claim("sub", "mallory")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
        });

        Assert.False((await cache.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters)).IsValid);
    }

    private static string Token(TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "backend",
            Audience = "backend",
            Subject = new ClaimsIdentity([new Claim("sub", "alice")]),
            NotBefore = now.AddSeconds(-1),
            IssuedAt = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static TokenValidationParameters CopyOf(TokenValidationParameters parameters) => parameters.Clone();
}
