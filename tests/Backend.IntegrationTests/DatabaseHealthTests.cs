using Grpc.Health.V1;
using Microsoft.Data.Sqlite;

namespace Backend.IntegrationTests;

public sealed class DatabaseHealthTests
{
    [SqliteOnlyFact]
    public async Task Check_DatabaseUnreachable_ThatServiceNotServing()
    {
        await using var factory = new BackendFactory();
        var health = new Health.HealthClient(factory.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "backend.users.v1.UserService" })).Status);

        // The file disappears and a folder takes its place: SQLite can no longer open it.
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(factory.DataDirectory, "users.db*"))
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "users.db"));

        // The database is probed at most once a second; within a few seconds health tells.
        var until = DateTime.UtcNow.AddSeconds(5);
        HealthCheckResponse users;
        while ((users = await health.CheckAsync(new HealthCheckRequest { Service = "backend.users.v1.UserService" })).Status
            == HealthCheckResponse.Types.ServingStatus.Serving && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        var whole = await health.CheckAsync(new HealthCheckRequest());
        var orders = await health.CheckAsync(new HealthCheckRequest { Service = "backend.orders.v1.OrderService" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, users.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, whole.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, orders.Status);

        // Told once, as a warning, however many probes found it unreachable.
        Assert.Single(factory.Logs.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal)
            && line.Contains("The database of UsersDbContext cannot be reached", StringComparison.Ordinal));
    }
}
