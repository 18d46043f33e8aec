using System.Diagnostics;
using System.Text.Json;
using Backend.Testing;
using Backend.Users.V1;
using Npgsql;
using Xunit.Abstractions;

namespace Backend.EndToEndTests.Identity;

/// <summary>
/// Revocations made on the process that hosts UserService reach processes that do not (which
/// follow UserService.WatchRevocations and hold no private key), and reach other UserService
/// instances on a shared PostgreSQL database.
/// </summary>
public sealed class RevocationPropagationTests(ITestOutputHelper output)
{
    private const string AdminEmail = "ops@example.com";
    private const string AdminPassword = "operations password";

    [Fact]
    public async Task EndSession_OnUsersProcess_RefusedByOrdersProcessOnSqlite()
    {
        var credentials = new ServiceCredentials();
        await using var users = await HostProcess.StartAsync(Issuer(credentials, SigningKeyPem.NewEc()));
        await using var orders = await HostProcess.StartAsync(Follower(credentials, users.Address));

        await new RevocationScenarios(users.Channel, orders.Channel, AdminEmail, AdminPassword, output).RunAllAsync();
        Assert.DoesNotContain("PRIVATE KEY", orders.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndSession_AfterTheFollowersServiceTokenExpired_RefusedByOrdersProcess()
    {
        // Every token lives 15 s, so the orders process's revocation stream, which ends with the
        // service token that opened it, has to be reopened with a fresh one before the sign-out.
        var credentials = new ServiceCredentials();
        var issuer = Issuer(credentials, SigningKeyPem.NewEc());
        issuer["Auth__AccessTokenLifetime"] = "00:00:15";
        issuer["Auth__ClockSkew"] = "00:00:00";
        await using var users = await HostProcess.StartAsync(issuer);
        var follower = Follower(credentials, users.Address);
        follower["Auth__ClockSkew"] = "00:00:00";
        follower["Logging__LogLevel__Backend.Users.Remote.RevocationFollower"] = "Debug";
        await using var orders = await HostProcess.StartAsync(follower);

        var reopened = Stopwatch.StartNew();
        while (!orders.Output.Contains("reopening it with a fresh one", StringComparison.Ordinal))
        {
            Assert.True(reopened.Elapsed < TestTime.Scaled(TimeSpan.FromSeconds(60)), "The revocation stream was not reopened after its token expired:\n" + orders.Output);
            await Task.Delay(200);
        }

        await new RevocationScenarios(users.Channel, orders.Channel, AdminEmail, AdminPassword, output).SignOutAsync();
        Assert.DoesNotContain("broke off", orders.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKey_UsersProcessRestartedWithNewKey_OrdersProcessAcceptsOldAndNewTokens()
    {
        var credentials = new ServiceCredentials();
        var oldKey = SigningKeyPem.NewEc();
        var port = HostProcess.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "backend-e2e", Guid.NewGuid().ToString("N"));
        var users = await HostProcess.StartAsync(Issuer(credentials, oldKey), dataDirectory: data, port: port);
        await using var orders = await HostProcess.StartAsync(Follower(credentials, users.Address));
        var oldToken = await SignInAsync(users);
        await OrdersAcceptAsync(orders, oldToken);

        await users.DisposeAsync();
        var rotated = Issuer(credentials, SigningKeyPem.NewEc());
        rotated["Auth__RetiredKeys__0"] = oldKey;
        await using var restarted = await HostProcess.StartAsync(rotated, dataDirectory: data, port: port);
        var newToken = await SignInAsync(restarted);

        Assert.NotEqual(KeyId(oldToken), KeyId(newToken));
        await OrdersAcceptAsync(orders, newToken);
        await OrdersAcceptAsync(orders, oldToken);
    }

    [PostgresFact]
    public async Task EndSession_OnOneInstance_RefusedByTheOtherOnPostgres()
    {
        var database = "backend_e2e_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(PostgresFactAttribute.Server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var environment = Issuer(new ServiceCredentials(), SigningKeyPem.NewEc());
            environment["Host__Services"] = "users,orders,payments";
            environment["Data__Provider"] = "Postgres";
            environment["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.Server) { Database = database }.ToString();
            await using var a = await HostProcess.StartAsync(environment);
            await using var b = await HostProcess.StartAsync(environment);

            await new RevocationScenarios(a.Channel, b.Channel, AdminEmail, AdminPassword, output).RunAllAsync();
        }
        finally
        {
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.Server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static Dictionary<string, string> Issuer(ServiceCredentials credentials, string key) => new(credentials.Issuer(key))
    {
        ["Host__Services"] = "users",
        ["Bootstrap__AdminEmail"] = AdminEmail,
        ["Bootstrap__AdminPassword"] = AdminPassword,
    };

    private static Dictionary<string, string> Follower(ServiceCredentials credentials, Uri users) => new(credentials.Service("payments", users))
    {
        ["Host__Services"] = "orders,payments",
    };

    private static string? KeyId(string token)
    {
        var header = token.Split('.')[0].Replace('-', '+').Replace('_', '/');
        using var json = JsonDocument.Parse(Convert.FromBase64String(header.PadRight(header.Length + ((4 - (header.Length % 4)) % 4), '=')));
        return json.RootElement.GetProperty("kid").GetString();
    }

    private static async Task<string> SignInAsync(HostProcess users) =>
        (await new UserService.UserServiceClient(users.Channel).AuthenticateAsync(new AuthenticateRequest { Email = AdminEmail, Password = AdminPassword })).AccessToken;

    private static async Task OrdersAcceptAsync(HostProcess orders, string token) =>
        await new Backend.Orders.V1.OrderService.OrderServiceClient(orders.Channel)
            .ListOrdersAsync(new Backend.Orders.V1.ListOrdersRequest(), Bearer.Headers(token));
}
