using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backend.Platform.Identity;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.IntegrationTests.Identity;

/// <summary>Tokens an attacker could make up, each refused as UNAUTHENTICATED.</summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();
    private User _user = null!;

    public async Task InitializeAsync() => (_user, _) = await _factory.SignUpAsync();

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    public static TheoryData<string> Forgeries => ["another key", "alg none", "HS256 with the public key", "unknown kid", "expired", "not yet valid", "other audience"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Call_WithForgedToken_Unauthenticated(string forgery)
    {
        var token = forgery switch
        {
            "another key" => Sign(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = RealKey.KeyId }, SecurityAlgorithms.EcdsaSha256),
            "alg none" => Unsigned(),
            "HS256 with the public key" => Sign(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Jwks())) { KeyId = RealKey.KeyId }, SecurityAlgorithms.HmacSha256),
            "unknown kid" => Sign(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "unknown" }, SecurityAlgorithms.EcdsaSha256),
            "expired" => Sign(RealKey, SecurityAlgorithms.EcdsaSha256, start: DateTime.UtcNow.AddHours(-2)),
            "not yet valid" => Sign(RealKey, SecurityAlgorithms.EcdsaSha256, start: DateTime.UtcNow.AddHours(1)),
            "other audience" => Sign(RealKey, SecurityAlgorithms.EcdsaSha256, audience: "someone-else"),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = _user.Id }, Bearer.Headers(token)));
    }

    [Fact]
    public async Task Call_WithTokenMadeTheSameWayWithTheRealKey_Accepted()
    {
        var token = Sign(RealKey, SecurityAlgorithms.EcdsaSha256);

        var response = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = _user.Id }, Bearer.Headers(token));

        Assert.Equal(_user.Id, response.User.Id);
    }

    [Fact]
    public async Task Jwks_Published_NamesTheKeyTokensAreSignedWith()
    {
        var signedIn = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = _user.Email, Password = "correct horse battery staple" });

        using var jwks = JsonDocument.Parse(Jwks());
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());

        Assert.Equal(new JsonWebToken(signedIn.AccessToken).Kid, key.GetProperty("kid").GetString());
        Assert.Equal("ES256", new JsonWebToken(signedIn.AccessToken).Alg);
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.False(key.TryGetProperty("d", out _), "The private part is never published.");
    }

    private SecurityKey RealKey => _factory.Services.GetRequiredService<SigningKeys>().Signing.Key;

    private string Jwks()
    {
        using var http = _factory.Server.CreateClient();
        return http.GetStringAsync(JwksEndpoint.Path).GetAwaiter().GetResult();
    }

    private string Sign(SecurityKey key, string algorithm, DateTime? start = null, string audience = "backend")
    {
        var from = start ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "backend",
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(TokenClaims.Subject, _user.Id), new Claim(TokenClaims.Role, PlatformRoles.Admin)]),
            Claims = new Dictionary<string, object> { [TokenClaims.SessionId] = TokenIssuer.NewSessionId() },
            IssuedAt = from,
            NotBefore = from,
            Expires = from.AddMinutes(5),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private string Unsigned()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"backend","aud":"backend","sub":"{{_user.Id}}","role":"ROLE_ADMIN","sid":"x","nbf":{{now}},"exp":{{now + 300}}}""");
        return $"{header}.{payload}.";
    }
}
