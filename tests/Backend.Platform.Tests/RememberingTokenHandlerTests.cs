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
    public async Task Validate_UserToken_IdentityKeepsOnlyTheClaimsThePlatformReads()
    {
        var handler = NewHandler();
        var (token, _) = Token();

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var remembered = await handler.ValidateTokenAsync(token, Parameters());

        string[] kept = [TokenClaims.Expires, TokenClaims.Role, TokenClaims.SessionId, TokenClaims.Subject];
        Assert.Equal(kept, first.ClaimsIdentity.Claims.Select(c => c.Type).Order(StringComparer.Ordinal));
        Assert.Equal(kept, remembered.ClaimsIdentity.Claims.Select(c => c.Type).Order(StringComparer.Ordinal));
        Assert.True(remembered.ClaimsIdentity.HasClaim(TokenClaims.Role, PlatformRoles.User));
    }

    [Fact]
    public async Task Validate_ServiceToken_IdentityKeepsItsPermissions()
    {
        var handler = NewHandler();
        var token = new TokenIssuer(Keys, Options.Create(new AuthOptions()), TimeProvider.System)
            .IssueForClient("reporting", permissions: ["/backend.orders.v1.OrderService/GetOrder", "/backend.orders.v1.OrderService/ListOrders"]).Token;

        await handler.ValidateTokenAsync(token, Parameters());
        var remembered = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(remembered.ClaimsIdentity.HasClaim(TokenClaims.Permission, "/backend.orders.v1.OrderService/GetOrder"));
        Assert.True(remembered.ClaimsIdentity.HasClaim(TokenClaims.Permission, "/backend.orders.v1.OrderService/ListOrders"));
        Assert.True(remembered.ClaimsIdentity.HasClaim(TokenClaims.Role, PlatformRoles.Service));
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
