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
        var cache = NewCache();
        var token = Token(TimeSpan.FromMinutes(5));

        var first = await cache.AuthenticateAsync(token);
        var second = await cache.AuthenticateAsync(token.ToCharArray());

        Assert.True(first.Succeeded);
        Assert.Same(first.Principal, second.Principal);
        Assert.Equal("alice", second.Principal?.FindFirst("sub")?.Value);
        Assert.Equal("Bearer", second.Ticket?.AuthenticationScheme);
    }

    [Fact]
    public async Task Validate_RememberedTokenOnceExpired_Refused()
    {
        var cache = NewCache();
        var token = Token(TimeSpan.FromSeconds(2));
        Assert.True((await cache.AuthenticateAsync(token)).Succeeded);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var refused = await cache.AuthenticateAsync(token);
        Assert.False(refused.Succeeded);
        Assert.IsType<SecurityTokenExpiredException>(refused.Failure);
    }

    [Fact]
    public async Task Validate_InvalidToken_NeverRemembered()
    {
        var cache = NewCache();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "backend",
            Audience = "backend",
            Subject = new ClaimsIdentity([new Claim("sub", "mallory")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
        });

        Assert.NotNull((await cache.AuthenticateAsync(forged)).Failure);
        Assert.NotNull((await cache.AuthenticateAsync(forged)).Failure);
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

    private static ValidatedTokenCache NewCache() => new(TimeProvider.System, Parameters, "Bearer");
}
