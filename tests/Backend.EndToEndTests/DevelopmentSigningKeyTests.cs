using Backend.Users.V1;

namespace Backend.EndToEndTests;

public sealed class DevelopmentSigningKeyTests
{
    [Fact]
    public async Task Restart_InDevelopment_KeepsGeneratedKeySoTokensStayValid()
    {
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        string token;
        string userId;
        await using (var first = await HostProcess.StartAsync(dataDirectory: data))
        {
            var users = new UserService.UserServiceClient(first.Channel);
            await users.CreateUserAsync(new CreateUserRequest { Email = "dev@example.com", DisplayName = "Dev", Password = "development only" });
            var signedIn = await users.AuthenticateAsync(new AuthenticateRequest { Email = "dev@example.com", Password = "development only" });
            (token, userId) = (signedIn.AccessToken, signedIn.User.Id);
        }

        await using var second = await HostProcess.StartAsync(dataDirectory: data);
        var again = await new UserService.UserServiceClient(second.Channel)
            .GetUserAsync(new GetUserRequest { UserId = userId }, Backend.Testing.Bearer.Headers(token));

        Assert.Equal("dev@example.com", again.User.Email);
        Assert.True(File.Exists(Path.Combine(data, "signing-key.pem")));
        Assert.DoesNotContain(await File.ReadAllTextAsync(Path.Combine(data, "signing-key.pem")), second.Output, StringComparison.Ordinal);
    }
}
