using Backend.Orders.V1;
using Backend.Testing;
using Backend.Users.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Backend.IntegrationTests.Identity;

public sealed class SessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task RefreshSession_FreshRefreshToken_NewTokensThatWork()
    {
        var (user, signedIn) = await SignInAsync();

        var refreshed = await _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = signedIn.RefreshToken });

        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(signedIn.AccessToken, refreshed.AccessToken);
        Assert.True(refreshed.ExpireTime.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        var self = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(refreshed.AccessToken));
        Assert.Equal(user.Id, self.User.Id);
        // The old access token of the same session stays valid until it expires.
        await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(signedIn.AccessToken));
    }

    [Fact]
    public async Task RefreshSession_UsedRefreshTokenAgain_WholeSessionRevoked()
    {
        var (user, signedIn) = await SignInAsync();
        var refreshed = await _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = signedIn.RefreshToken });

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = signedIn.RefreshToken }), "REFRESH_TOKEN_REUSED");

        foreach (var token in new[] { signedIn.AccessToken, refreshed.AccessToken })
        {
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
                _factory.Orders.ListOrdersAsync(new ListOrdersRequest { UserId = user.Id }, Bearer.Headers(token)), "SESSION_REVOKED");
        }

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = refreshed.RefreshToken }), "SESSION_REVOKED");
    }

    [Fact]
    public async Task RefreshSession_UnknownToken_UnauthenticatedAndNothingRevoked()
    {
        var (user, signedIn) = await SignInAsync();

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = "made-up" }), "INVALID_REFRESH_TOKEN");
        var missing = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest()));

        Assert.Contains("refresh_token", missing.ViolatedFields);
        await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(signedIn.AccessToken));
    }

    [Fact]
    public async Task SignOut_AccessAndRefreshTokenRefused_OtherSessionsKeepWorking()
    {
        var (user, first) = await SignInAsync();
        var second = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password });

        await _factory.Users.SignOutAsync(new SignOutRequest(), Bearer.Headers(first.AccessToken));

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(first.AccessToken)), "SESSION_REVOKED");
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken }), "SESSION_REVOKED");
        await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(second.AccessToken));
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_OtherSessionsEndedOwnKept()
    {
        var (user, mine) = await SignInAsync();
        var other = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password });

        await _factory.Users.ChangePasswordAsync(
            new ChangePasswordRequest { UserId = user.Id, CurrentPassword = Password, NewPassword = "a brand new password" },
            Bearer.Headers(mine.AccessToken));

        await _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(mine.AccessToken));
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = user.Id }, Bearer.Headers(other.AccessToken)), "SESSION_REVOKED");
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password }), "INVALID_CREDENTIALS");
        await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = "a brand new password" });
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_PermissionDeniedAndNothingChanges()
    {
        var (user, mine) = await SignInAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Users.ChangePasswordAsync(
            new ChangePasswordRequest { UserId = user.Id, CurrentPassword = "not my password", NewPassword = "a brand new password" },
            Bearer.Headers(mine.AccessToken)), "WRONG_PASSWORD");

        await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password });
    }

    [Fact]
    public async Task UpdateUser_EmailWithoutCurrentPassword_InvalidArgumentUnlessAdmin()
    {
        var (user, mine) = await SignInAsync();
        var change = new UpdateUserRequest
        {
            User = new User { Id = user.Id, Email = $"new-{Guid.NewGuid():N}@example.com" },
            UpdateMask = new FieldMask { Paths = { "email" } },
        };

        var refused = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.UpdateUserAsync(change, Bearer.Headers(mine.AccessToken)));
        Assert.Contains("current_password", refused.ViolatedFields);

        var byAdmin = await _factory.Users.UpdateUserAsync(change, Bearer.Headers(_factory.AdminToken()));
        Assert.Equal(change.User.Email, byAdmin.User.Email);
    }

    [Fact]
    public async Task UpdateUser_AdminDemoted_NoOldTokenActsAsAdminAgain()
    {
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        var created = await _factory.Users.CreateUserAsync(
            new CreateUserRequest { Email = email, DisplayName = "Admin", Password = Password, Role = Role.Admin }, Bearer.Headers(_factory.AdminToken()));
        var asAdmin = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = Password });
        await _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(asAdmin.AccessToken));

        await _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = created.User.Id, Role = Role.User },
            UpdateMask = new FieldMask { Paths = { "role" } },
        }, Bearer.Headers(_factory.AdminToken()));

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(asAdmin.AccessToken)), "SESSION_REVOKED");
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = created.User.Id, Role = Role.Admin },
            UpdateMask = new FieldMask { Paths = { "role" } },
        }, Bearer.Headers(asAdmin.AccessToken)), "SESSION_REVOKED");
        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () =>
            _factory.Users.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = asAdmin.RefreshToken }), "SESSION_REVOKED");
        var again = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = Password });
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () =>
            _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(again.AccessToken)), "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task DeleteUser_OldTokenCannotCreateOrders()
    {
        var (user, mine) = await SignInAsync();
        await _factory.Users.DeleteUserAsync(new DeleteUserRequest { UserId = user.Id }, Bearer.Headers(_factory.AdminToken()));

        await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, () => _factory.Orders.CreateOrderAsync(new CreateOrderRequest
        {
            UserId = user.Id,
            Items = { new LineItem { Sku = "lamp", Quantity = 1, UnitPrice = new Backend.Type.V1.Money { CurrencyCode = "EUR", Units = 10 } } },
        }, Bearer.Headers(mine.AccessToken)), "SESSION_REVOKED");
    }

    private async Task<(User User, AuthenticateResponse SignedIn)> SignInAsync()
    {
        var (user, _) = await _factory.SignUpAsync(password: Password);
        var signedIn = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = user.Email, Password = Password });
        Assert.NotEmpty(signedIn.RefreshToken);
        return (user, signedIn);
    }
}
