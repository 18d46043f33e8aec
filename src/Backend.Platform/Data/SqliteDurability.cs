using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Backend.Platform.Data;

/// <summary>
/// Sets SQLite's <c>synchronous</c> mode once on each new database connection (it is kept per
/// connection, and pooled connections are opened many times). Under WAL, NORMAL syncs at
/// checkpoints rather than at every commit: a committed write survives the process being killed,
/// though not the machine losing power; FULL survives that too and costs an fsync per commit.
/// </summary>
internal sealed class SqliteDurability(SqliteSynchronous mode) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private void Configure(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = mode == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, handle);
    }
}

/// <summary>How SQLite makes a commit durable: see <see cref="SqliteDurability"/>.</summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}
