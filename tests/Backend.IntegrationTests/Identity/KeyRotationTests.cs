using System.Text.Json;
using Backend.Platform.Identity;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Backend.IntegrationTests.Identity;

public sealed class KeyRotationTests
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Rotate_NewKeyWithOldRetired_OldTokensValidUntilExpiryNewTokensUseNewKey()
    {
        var oldKey = SigningKeyPem.NewEc();
        var newKey = SigningKeyPem.NewRsa();
        await using var before = new BackendFactory(signingKey: oldKey);
        var (user, _) = await before.SignUpAsync(password: Password);
        var oldToken = (await before.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password })).AccessToken;

        await using var after = before.Restarted(newKey).With("Auth:RetiredKeys:0", oldKey);
        var newToken = (await after.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password })).AccessToken;

        Assert.NotEqual(new JsonWebToken(oldToken).Kid, new JsonWebToken(newToken).Kid);
        Assert.Equal("RS256", new JsonWebToken(newToken).Alg);
        foreach (var token in new[] { oldToken, newToken })
        {
            var self = await after.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(token));
            Assert.Equal(user.Id, self.User.Id);
        }

        using var http = after.Server.CreateClient();
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(JwksEndpoint.Path));
        Assert.Equal(
            new[] { new JsonWebToken(oldToken).Kid, new JsonWebToken(newToken).Kid }.Order(),
            jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order());
    }

    [Fact]
    public async Task Rotate_OldKeyDropped_OldTokensRefused()
    {
        var oldKey = SigningKeyPem.NewEc();
        await using var before = new BackendFactory(signingKey: oldKey);
        var (user, oldToken) = await before.SignUpAsync(password: Password);

        await using var after = before.Restarted(SigningKeyPem.NewEc());

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            after.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(oldToken)), "UNAUTHENTICATED");
    }
}
