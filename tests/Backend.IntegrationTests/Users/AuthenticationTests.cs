using Backend.Platform.Identity;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;

namespace Backend.IntegrationTests.Users;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Authenticate_RightPasswordAnyEmailCase_TokenOpensTheUsersOwnRecord()
    {
        var (user, _) = await _factory.SignUpAsync("case@example.com", "the right password");

        var response = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "Case@EXAMPLE.com", Password = "the right password" });

        Assert.Equal(user.Id, response.User.Id);
        Assert.InRange(response.ExpireTime.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        var self = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(response.AccessToken));
        Assert.Equal("case@example.com", self.User.Email);
    }

    [Fact]
    public async Task Authenticate_UnknownEmailOrWrongPassword_SameUnauthenticatedAnswer()
    {
        await _factory.SignUpAsync("known@example.com", "the right password");

        var wrongPassword = await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "known@example.com", Password = "the wrong password" }));
        var unknownEmail = await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "unknown@example.com", Password = "the right password" }));

        Assert.Equal("INVALID_CREDENTIALS", wrongPassword.Info.Reason);
        Assert.Equal(wrongPassword.Info.Reason, unknownEmail.Info.Reason);
        Assert.Equal(wrongPassword.Exception.Status.Detail, unknownEmail.Exception.Status.Detail);
    }

    [Fact]
    public async Task Call_WithoutToken_Unauthenticated()
    {
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = "x" }), "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Call_WithExpiredToken_Unauthenticated()
    {
        await using var factory = new BackendFactory().With("Auth:ClockSkew", "00:00:00");
        var (user, _) = await factory.SignUpAsync();
        var expired = factory.TokenFor(user.Id, PlatformRoles.User, TimeSpan.FromSeconds(1));
        await factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(expired));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Refused even though it was remembered as valid a moment ago.
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(expired)), "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task Call_WithTokenSignedByAnotherKey_Unauthenticated()
    {
        var (user, _) = await _factory.SignUpAsync();
        await using var other = new BackendFactory(signingKey: SigningKeyPem.NewEc());
        var forged = other.TokenFor(user.Id, PlatformRoles.Admin);

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(forged)), "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Call_WithGarbageToken_Unauthenticated()
    {
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = "x" }, Bearer.Headers("not.a.token")), "UNAUTHENTICATED");
    }

    [Theory]
    [InlineData("bearer {0}", true)]
    [InlineData("Bearer   {0}  ", true)]
    [InlineData("Basic {0}", false)]
    [InlineData("Bearer", false)]
    [InlineData("Bearer{0}", false)]
    public async Task Call_AuthorizationHeaderForms_OnlyABearerTokenIsAccepted(string header, bool accepted)
    {
        var (user, token) = await _factory.SignUpAsync();
        var call = () => _factory.Users.GetUserAsync(
            new GetUserRequest { UserId = user.Id }, new Metadata { { "authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, token) } }).ResponseAsync;

        if (accepted)
        {
            Assert.Equal(user.Id, (await call()).User.Id);
        }
        else
        {
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, call, "UNAUTHENTICATED");
        }
    }
}
