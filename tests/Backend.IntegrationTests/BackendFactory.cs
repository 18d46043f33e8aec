using Backend.Platform.Identity;
using Backend.Orders.V1;
using Backend.Payments.V1;
using Backend.Testing;
using Backend.Users.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.IntegrationTests;

/// <summary>
/// The whole host in memory, with its own database (a temporary SQLite directory, or a fresh
/// PostgreSQL database when BACKEND_TEST_POSTGRES names a server), reached through real generated
/// clients over the test server's HTTP/2 handler.
/// </summary>
public sealed class BackendFactory : WebApplicationFactory<Program>
{
    /// <summary>An admin connection string; when set, every factory runs on PostgreSQL.</summary>
    public static readonly string? PostgresServer = Environment.GetEnvironmentVariable("BACKEND_TEST_POSTGRES");

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _postgresDatabase;
    private bool _ownsData;
    private GrpcChannel? _channel;

    public BackendFactory(string? dataDirectory = null, string? signingKey = null, string? postgresDatabase = null)
    {
        _ownsData = dataDirectory is null && postgresDatabase is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "backend-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        SigningKey = signingKey ?? SigningKeyPem.NewEc();
        _settings["Data:Directory"] = DataDirectory;
        _settings["Auth:SigningKey"] = SigningKey;
        // Thousands of sign-ups in the tests: a cheap hash. Production keeps the strong default.
        _settings["Users:PasswordHashIterations"] = "1000";
        // Every in-memory call comes from the same (unknown) address: a budget for all the sign-ups.
        _settings["RateLimiting:Anonymous:PermitsPerMinute"] = "100000";
        // Tests that sign many up at once wait for the (cheap) hashes rather than being refused.
        _settings["Users:PasswordHashing:QueueLimit"] = "1000";
        if (PostgresServer is not null)
        {
            _postgresDatabase = postgresDatabase ?? "backend_test_" + Guid.NewGuid().ToString("N");
            if (postgresDatabase is null)
            {
                using var connection = new NpgsqlConnection(PostgresServer);
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{_postgresDatabase}\"", connection);
                create.ExecuteNonQuery();
            }

            _settings["Data:Provider"] = "Postgres";
            _settings["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ToString();
        }
    }

    public string DataDirectory { get; }

    public string SigningKey { get; }

    /// <summary>The PostgreSQL database of this factory, null on SQLite.</summary>
    public string? PostgresDatabase => _postgresDatabase;

    /// <summary>A second host on the same data and signing key, as after a restart; it takes over cleaning the data up.</summary>
    public BackendFactory Restarted(string? signingKey = null)
    {
        var next = new BackendFactory(DataDirectory, signingKey ?? SigningKey, _postgresDatabase) { _ownsData = _ownsData };
        _ownsData = false;
        return next;
    }

    public CapturedLogs Logs { get; } = new();

    public GrpcChannel Channel => _channel ??= CreateChannel();

    public UserService.UserServiceClient Users => new(Channel);

    public OrderService.OrderServiceClient Orders => new(Channel);

    public PaymentService.PaymentServiceClient Payments => new(Channel);

    /// <summary>Sets a configuration value before the host starts.</summary>
    public BackendFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Drops a value the factory sets by default, so the host's own default applies.</summary>
    public BackendFactory Without(string key)
    {
        _settings.Remove(key);
        return this;
    }

    public GrpcChannel CreateChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>A token signed by this host for any subject and role, of a session of its own, as Authenticate would issue.</summary>
    public string TokenFor(string subject, string role, TimeSpan? lifetime = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(subject, role, TokenIssuer.NewSessionId(), lifetime).Token;

    public string AdminToken() => TokenFor("admin-" + Guid.NewGuid().ToString("N"), PlatformRoles.Admin);

    /// <summary>A token of the payments service's identity, with only its permissions.</summary>
    public string ServiceToken() => ServiceToken(ServicePermissions.Payments);

    public string ServiceToken(string clientId) => Services.GetRequiredService<TokenIssuer>().IssueForClient(clientId).Token;

    /// <summary>Signs a new user up and signs them in.</summary>
    public async Task<(User User, string Token)> SignUpAsync(string? email = null, string password = "correct horse battery staple")
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        var created = await Users.CreateUserAsync(new CreateUserRequest { Email = email, DisplayName = "Test User", Password = password });
        var signedIn = await Users.AuthenticateAsync(new AuthenticateRequest { Email = email, Password = password });
        return (created.User, signedIn.AccessToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));

        // Services call each other through their generated clients; in memory, over this server.
        builder.ConfigureTestServices(services => services.ConfigureHttpClientDefaults(http =>
            http.ConfigurePrimaryHttpMessageHandler(sp => new InMemoryServerHandler((TestServer)sp.GetRequiredService<IServer>()))));
    }

    public override async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        await base.DisposeAsync();
        if (!_ownsData)
        {
            return;
        }

        if (_postgresDatabase is not null && PostgresServer is not null)
        {
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising connection: the temp folder keeps it.
        }
    }
}
