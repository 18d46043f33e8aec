using Backend.Testing;
using Backend.Users.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Backend.IntegrationTests.Users;

public sealed class UserAccessTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task GetUser_SomeoneElse_NotFoundLikeAMissingUser()
    {
        var (alice, aliceToken) = await _factory.SignUpAsync();
        var (bob, _) = await _factory.SignUpAsync();

        var foreign = await GrpcAssert.FailsAsync(StatusCode.NotFound, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = bob.Id }, Bearer.Headers(aliceToken)), "USER_NOT_FOUND");
        var missing = await GrpcAssert.FailsAsync(StatusCode.NotFound, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = "0123456789abcdef0123456789abcdef" }, Bearer.Headers(aliceToken)), "USER_NOT_FOUND");

        Assert.Equal(foreign.Info.Reason, missing.Info.Reason);
        Assert.Equal(alice.Id, (await _factory.Users.GetUserAsync(new GetUserRequest { UserId = alice.Id }, Bearer.Headers(aliceToken))).User.Id);
    }

    [Fact]
    public async Task GetUser_Admin_ReadsAnyone()
    {
        var (bob, _) = await _factory.SignUpAsync();

        var response = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = bob.Id }, Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(bob.Email, response.User.Email);
    }

    [Fact]
    public async Task GetUser_EmptyId_InvalidArgument()
    {
        var (_, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () =>
            _factory.Users.GetUserAsync(new GetUserRequest(), Bearer.Headers(token)));

        Assert.Equal(["user_id"], failure.ViolatedFields);
    }

    [Fact]
    public async Task ListUsers_NotAdmin_PermissionDenied()
    {
        var (_, token) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () =>
            _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(token)), "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task UpdateUser_DisplayNameWithMask_ChangesOnlyThatAndTheEtag()
    {
        var (alice, token) = await _factory.SignUpAsync();

        var response = await _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = alice.Id, DisplayName = "  Alice Liddell ", Email = "ignored@example.com", Etag = alice.Etag },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, Bearer.Headers(token));

        Assert.Equal("Alice Liddell", response.User.DisplayName);
        Assert.Equal(alice.Email, response.User.Email);
        Assert.NotEqual(alice.Etag, response.User.Etag);
        Assert.True(response.User.UpdateTime.ToDateTimeOffset() >= alice.UpdateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task UpdateUser_StaleEtag_AbortedAndUnchanged()
    {
        var (alice, token) = await _factory.SignUpAsync();
        await Rename(alice.Id, alice.Etag, "First", token);

        await GrpcAssert.FailsAsync(StatusCode.Aborted, () => Rename(alice.Id, alice.Etag, "Second", token), "ETAG_MISMATCH");

        var current = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = alice.Id }, Bearer.Headers(token));
        Assert.Equal("First", current.User.DisplayName);
    }

    [Fact]
    public async Task UpdateUser_ConcurrentWithSameEtag_OneWins()
    {
        var (alice, token) = await _factory.SignUpAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Rename(alice.Id, alice.Etag, "Name " + i, token);
                return StatusCode.OK;
            }
            catch (RpcException error)
            {
                return error.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o));
    }

    [Fact]
    public async Task UpdateUser_UserPromotesThemselves_PermissionDenied()
    {
        var (alice, token) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = alice.Id, Role = Role.Admin },
            UpdateMask = new FieldMask { Paths = { "role" } },
        }, Bearer.Headers(token)), "ROLE_REQUIRES_ADMIN");

        var current = await _factory.Users.GetUserAsync(new GetUserRequest { UserId = alice.Id }, Bearer.Headers(token));
        Assert.Equal(Role.User, current.User.Role);
    }

    [Fact]
    public async Task UpdateUser_AdminPromotes_RoleChanges()
    {
        var (alice, _) = await _factory.SignUpAsync();

        var response = await _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = alice.Id, Role = Role.Admin },
            UpdateMask = new FieldMask { Paths = { "role" } },
        }, Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(Role.Admin, response.User.Role);
    }

    [Fact]
    public async Task UpdateUser_SomeoneElse_NotFound()
    {
        var (_, aliceToken) = await _factory.SignUpAsync();
        var (bob, _) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () => Rename(bob.Id, "", "Hijacked", aliceToken), "USER_NOT_FOUND");
    }

    [Fact]
    public async Task UpdateUser_BadMaskAndValues_ReportsEveryViolation()
    {
        var (alice, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = alice.Id, Email = "nope", Role = (Role)9 },
            UpdateMask = new FieldMask { Paths = { "email", "role", "password_hash" } },
        }, Bearer.Headers(token)));

        Assert.Equal(["update_mask", "user.email", "user.role"], failure.ViolatedFields);
    }

    [Fact]
    public async Task UpdateUser_EmptyMask_InvalidArgument()
    {
        var (alice, token) = await _factory.SignUpAsync();

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.UpdateUserAsync(
            new UpdateUserRequest { User = new User { Id = alice.Id, DisplayName = "X" } }, Bearer.Headers(token)));

        Assert.Equal(["update_mask"], failure.ViolatedFields);
    }

    [Fact]
    public async Task UpdateUser_EmailTakenByAnother_AlreadyExists()
    {
        var (alice, token) = await _factory.SignUpAsync();
        var (bob, _) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, () => _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = alice.Id, Email = bob.Email.ToUpperInvariant() },
            UpdateMask = new FieldMask { Paths = { "email" } },
            CurrentPassword = "correct horse battery staple",
        }, Bearer.Headers(token)), "EMAIL_TAKEN");
    }

    [Fact]
    public async Task DeleteUser_Self_GoneForEveryone()
    {
        var (alice, token) = await _factory.SignUpAsync();

        await _factory.Users.DeleteUserAsync(new DeleteUserRequest { UserId = alice.Id, Etag = alice.Etag }, Bearer.Headers(token));

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () =>
            _factory.Users.GetUserAsync(new GetUserRequest { UserId = alice.Id }, Bearer.Headers(_factory.AdminToken())), "USER_NOT_FOUND");
    }

    [Fact]
    public async Task DeleteUser_StaleEtag_AbortedAndKept()
    {
        var (alice, token) = await _factory.SignUpAsync();
        await Rename(alice.Id, alice.Etag, "Renamed", token);

        await GrpcAssert.FailsAsync(StatusCode.Aborted, () =>
            _factory.Users.DeleteUserAsync(new DeleteUserRequest { UserId = alice.Id, Etag = alice.Etag }, Bearer.Headers(token)), "ETAG_MISMATCH");

        Assert.NotNull((await _factory.Users.GetUserAsync(new GetUserRequest { UserId = alice.Id }, Bearer.Headers(token))).User);
    }

    [Fact]
    public async Task DeleteUser_SomeoneElse_NotFoundAndKept()
    {
        var (_, aliceToken) = await _factory.SignUpAsync();
        var (bob, bobToken) = await _factory.SignUpAsync();

        await GrpcAssert.FailsAsync(StatusCode.NotFound, () =>
            _factory.Users.DeleteUserAsync(new DeleteUserRequest { UserId = bob.Id }, Bearer.Headers(aliceToken)), "USER_NOT_FOUND");

        Assert.NotNull((await _factory.Users.GetUserAsync(new GetUserRequest { UserId = bob.Id }, Bearer.Headers(bobToken))).User);
    }

    private Task<UpdateUserResponse> Rename(string userId, string etag, string name, string token) =>
        _factory.Users.UpdateUserAsync(new UpdateUserRequest
        {
            User = new User { Id = userId, DisplayName = name, Etag = etag },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }, Bearer.Headers(token)).ResponseAsync;
}
