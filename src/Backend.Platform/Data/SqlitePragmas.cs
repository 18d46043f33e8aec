using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Backend.Platform.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, <c>synchronous=NORMAL</c> still makes every
/// commit survive a crash or kill of the process (the log is written before the commit returns);
/// only a power loss may drop the last commits. It spares an fsync per transaction.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
