using Backend.Testing;
using Backend.Users.V1;

namespace Backend.IntegrationTests.Users;

public sealed class BootstrapAdminTests
{
    [Fact]
    public async Task Start_WithBootstrapSettings_AdminCanSignInAndListUsers()
    {
        await using var factory = new BackendFactory()
            .With("Bootstrap:AdminEmail", "Root@Example.com")
            .With("Bootstrap:AdminPassword", "bootstrap password 1");

        var signedIn = await factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "root@example.com", Password = "bootstrap password 1" });
        var users = await factory.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(signedIn.AccessToken));

        Assert.Equal(Role.Admin, signedIn.User.Role);
        Assert.Single(users.Users);
    }

    [Fact]
    public async Task Restart_WithSameBootstrapSettings_StillOneAdminWithTheFirstPassword()
    {
        await using var first = new BackendFactory()
            .With("Bootstrap:AdminEmail", "root@example.com")
            .With("Bootstrap:AdminPassword", "bootstrap password 1");
        await first.Users.AuthenticateAsync(new AuthenticateRequest { Email = "root@example.com", Password = "bootstrap password 1" });
        await using var second = first.Restarted();
        await first.DisposeAsync();

        second
            .With("Bootstrap:AdminEmail", "root@example.com")
            .With("Bootstrap:AdminPassword", "a different password");
        var signedIn = await second.Users.AuthenticateAsync(new AuthenticateRequest { Email = "root@example.com", Password = "bootstrap password 1" });
        var users = await second.Users.ListUsersAsync(new ListUsersRequest(), Bearer.Headers(signedIn.AccessToken));

        Assert.Single(users.Users);
    }

    [Fact]
    public void Start_WithTooShortBootstrapPassword_RefusesToStart()
    {
        using var factory = new BackendFactory()
            .With("Bootstrap:AdminEmail", "root@example.com")
            .With("Bootstrap:AdminPassword", "short");

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Bootstrap:AdminPassword", error.ToString(), StringComparison.Ordinal);
    }
}
