using Backend.Testing;
using Backend.Users.V1;
using Grpc.Core;

namespace Backend.IntegrationTests.Users;

public sealed class CreateUserTests : IAsyncLifetime
{
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateUser_OpenSignUp_CreatesPlainUserWithNormalisedFields()
    {
        var response = await _factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = "  Ada.Lovelace@Example.COM ",
            DisplayName = "  Ada Lovelace  ",
            Password = "analytical engine 1843",
        });

        var user = response.User;
        Assert.Matches("^[0-9a-f]{32}$", user.Id);
        Assert.Equal("ada.lovelace@example.com", user.Email);
        Assert.Equal("Ada Lovelace", user.DisplayName);
        Assert.Equal(Role.User, user.Role);
        Assert.Equal("1", user.Etag);
        Assert.NotNull(user.CreateTime);
        Assert.Equal(user.CreateTime, user.UpdateTime);
    }

    [Fact]
    public async Task CreateUser_EmailTakenInAnotherCase_AlreadyExists()
    {
        await _factory.SignUpAsync("grace@example.com");

        var failure = await GrpcAssert.FailsAsync(StatusCode.AlreadyExists, () => _factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = "GRACE@Example.com",
            DisplayName = "Grace",
            Password = "another long password",
        }), "EMAIL_TAKEN");

        Assert.Equal("grace@example.com", failure.Info.Metadata["email"]);
    }

    [Fact]
    public async Task CreateUser_ConcurrentSameEmail_ExactlyOneUser()
    {
        var attempts = Enumerable.Range(0, 12).Select(i => Outcome(() => _factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = i % 2 == 0 ? "race@example.com" : "RACE@example.com",
            DisplayName = "Racer " + i,
            Password = "a password long enough",
        }).ResponseAsync));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.AlreadyExists, o));
        var all = await _factory.Users.ListUsersAsync(new ListUsersRequest { PageSize = 1000 }, Bearer.Headers(_factory.AdminToken()));
        Assert.Single(all.Users, u => u.Email == "race@example.com");
    }

    [Fact]
    public async Task CreateUser_EveryFieldBad_ReportsEveryViolationAndStoresNothing()
    {
        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = "not-an-email",
            DisplayName = "   ",
            Password = "short",
            Role = (Role)42,
        }), "INVALID_ARGUMENT");

        Assert.Equal(["email", "display_name", "password", "role"], failure.ViolatedFields);
        var all = await _factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(_factory.AdminToken()));
        Assert.Empty(all.Users);
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    [InlineData("@example.com")]
    public async Task CreateUser_MalformedEmail_InvalidArgument(string email)
    {
        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.CreateUserAsync(new CreateUserRequest
        {
            Email = email,
            DisplayName = "Someone",
            Password = "a password long enough",
        }));

        Assert.Equal(["email"], failure.ViolatedFields);
    }

    [Fact]
    public async Task CreateUser_PasswordLengthBounds_TwelveAndOneTwentyEightAccepted()
    {
        await _factory.Users.CreateUserAsync(new CreateUserRequest { Email = "min@example.com", DisplayName = "Min", Password = new string('x', 12) });
        await _factory.Users.CreateUserAsync(new CreateUserRequest { Email = "max@example.com", DisplayName = "Max", Password = new string('x', 128) });

        var failure = await GrpcAssert.FailsAsync(StatusCode.InvalidArgument, () => _factory.Users.CreateUserAsync(
            new CreateUserRequest { Email = "over@example.com", DisplayName = "Over", Password = new string('x', 129) }));

        Assert.Equal(["password"], failure.ViolatedFields);
    }

    [Fact]
    public async Task CreateUser_AdminRoleBySignUpOrByUser_PermissionDenied()
    {
        var (_, userToken) = await _factory.SignUpAsync();
        var request = new CreateUserRequest { Email = "boss@example.com", DisplayName = "Boss", Password = "a password long enough", Role = Role.Admin };

        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Users.CreateUserAsync(request), "ROLE_REQUIRES_ADMIN");
        await GrpcAssert.FailsAsync(StatusCode.PermissionDenied, () => _factory.Users.CreateUserAsync(request, Bearer.Headers(userToken)), "ROLE_REQUIRES_ADMIN");
    }

    [Fact]
    public async Task CreateUser_AdminCreatesServiceAccount_HasThatRole()
    {
        var response = await _factory.Users.CreateUserAsync(
            new CreateUserRequest { Email = "payments@example.com", DisplayName = "Payments", Password = "a password long enough", Role = Role.Service },
            Bearer.Headers(_factory.AdminToken()));

        Assert.Equal(Role.Service, response.User.Role);
    }

    private static async Task<StatusCode> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}
