using System.Security.Cryptography;
using Backend.Platform.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Platform.Tests;

public sealed class RememberingTokenHandlerTests
{
    private static readonly SigningKeys Keys = new(ECDsa.Create(ECCurve.NamedCurves.nistP256), []);

    private readonly RevokedSessions _revoked = new(TimeProvider.System);

    [Fact]
    public async Task Validate_SameTokenTwice_NewIdentityEachTime()
    {
        var handler = NewHandler();
        var (token, sessionId) = Token();

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(sessionId, second.ClaimsIdentity.FindFirst(TokenClaims.SessionId)?.Value);
        Assert.Equal("user-1", second.ClaimsIdentity.Name);
        Assert.True(second.ClaimsIdentity.IsAuthenticated);
    }

    [Fact]
    public async Task Validate_RememberedTokenOfRevokedSession_Refused()
    {
        var handler = NewHandler();
        var (token, sessionId) = Token();
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _revoked.Revoke(new Revocation(sessionId, DateTimeOffset.UtcNow.AddMinutes(5)));
        var again = await handler.ValidateTokenAsync(token, Parameters());

        Assert.False(again.IsValid);
        Assert.IsType<SessionRevokedException>(again.Exception);
    }

    [Fact]
    public async Task Validate_TokenWithoutSession_Refused()
    {
        var handler = NewHandler();
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "backend",
            Audience = "backend",
            Claims = new Dictionary<string, object> { [TokenClaims.Subject] = "user-1", [TokenClaims.Role] = PlatformRoles.User },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = Keys.Signing,
        });

        var result = await handler.ValidateTokenAsync(token, Parameters());

        Assert.False(result.IsValid);
    }

    private RememberingTokenHandler NewHandler() => new(new LocalIssuerKeys(Keys), _revoked, TimeProvider.System, capacity: 10);

    private static (string Token, string SessionId) Token()
    {
        var issuer = new TokenIssuer(Keys, Options.Create(new AuthOptions()), TimeProvider.System);
        var sessionId = TokenIssuer.NewSessionId();
        return (issuer.Issue("user-1", PlatformRoles.User, sessionId).Token, sessionId);
    }

    private static TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = "backend",
        ValidAudience = "backend",
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        NameClaimType = TokenClaims.Subject,
        RoleClaimType = TokenClaims.Role,
        ClockSkew = TimeSpan.Zero,
    };
}
