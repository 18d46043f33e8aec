using System.Text;
using Backend.Users.V1;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Backend.IntegrationTests.Users;

public sealed class SecretsTests : IAsyncLifetime
{
    private const string Password = "Plaintext-Sentinel-7f3a9c";
    private readonly BackendFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _factory.DisposeAsync().AsTask();

    [Fact]
    public async Task Password_AfterSignUpAndSignIn_InNoResponseAndNoLogLine()
    {
        var created = await _factory.Users.CreateUserAsync(new CreateUserRequest { Email = "secret@example.com", DisplayName = "Secret", Password = Password });
        var signedIn = await _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "secret@example.com", Password = Password });
        await Assert.ThrowsAnyAsync<Exception>(() =>
            _factory.Users.AuthenticateAsync(new AuthenticateRequest { Email = "secret@example.com", Password = Password + "x" }).ResponseAsync);

        foreach (var response in new IMessage[] { created, signedIn })
        {
            Assert.DoesNotContain(Password, Encoding.UTF8.GetString(response.ToByteArray()), StringComparison.Ordinal);
            Assert.DoesNotContain(Password, JsonFormatter.Default.Format(response), StringComparison.Ordinal);
        }

        Assert.NotEmpty(_factory.Logs.Lines);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains(signedIn.AccessToken, StringComparison.Ordinal));
    }

    [SqliteOnlyFact]
    public async Task Password_AfterSignUp_NotInAnyDatabaseFile()
    {
        await _factory.Users.CreateUserAsync(new CreateUserRequest { Email = "secret@example.com", DisplayName = "Secret", Password = Password });
        SqliteConnection.ClearAllPools();

        var files = Directory.GetFiles(_factory.DataDirectory, "users.db*");

        Assert.Contains(files, f => f.EndsWith("users.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Password)));
        }

        Assert.Contains(files, f => File.ReadAllText(f, Encoding.Latin1).Contains("secret@example.com", StringComparison.Ordinal));
    }
}
