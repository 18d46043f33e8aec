using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Backend.Platform.Data;

/// <summary>
/// Brings a service's database to the latest committed migration before the host serves
/// anything. SQLite files are switched to write-ahead logging, which lets readers and the writer
/// work at the same time.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services) : IHostedLifecycleService
    where TContext : DbContext
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var lease = services.GetRequiredService<ServiceDatabase<TContext>>().Open();
        var db = lease.Db;
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        // EF Core's own migration lock lives in each migration's transaction, so two instances
        // starting on a new database can still both apply the first migration. A session-level
        // advisory lock, held on a connection of its own for the whole run, lets one instance
        // migrate while the others wait and then find nothing left to do. It is released when
        // that connection closes, also when the process dies.
        // Unpooled, so that closing the connection really ends the session that holds the lock.
        var unpooled = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var gate = new NpgsqlConnection(unpooled.ConnectionString);
        await gate.OpenAsync(cancellationToken);
        await LockAsync(gate, "pg_advisory_lock", cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await LockAsync(gate, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private static async Task LockAsync(NpgsqlConnection gate, string function, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)", gate);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Any fixed number: every service and instance of the platform migrates one at a time.
    private const long MigrationLockKey = 0x6261636b656e64;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
