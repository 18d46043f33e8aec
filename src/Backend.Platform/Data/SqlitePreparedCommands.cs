using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Backend.Platform.Data;

/// <summary>
/// Keeps the compiled statements of a kept SQLite connection for the next command with the same
/// text. SQLite compiles a statement from its text on every new command (parsing, name resolution
/// and planning), and for a read by id that costs about as much as running it; EF Core creates a
/// new command per execution. Once EF Core has built a command, this hands it the connection's
/// command of the same text instead, whose statements are already compiled: parameters, transaction
/// and timeout move over, and disposing it only makes it ready for the next use.
/// </summary>
internal sealed class SqlitePreparedCommands : DbCommandInterceptor
{
    public static readonly SqlitePreparedCommands Instance = new();

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (result is not SqliteCommand built || built.Connection is not KeptSqliteConnection kept
            || kept.Prepared.Rent(built.CommandText) is not { } prepared)
        {
            return result;
        }

        prepared.Transaction = built.Transaction;
        prepared.CommandTimeout = built.CommandTimeout;
        var parameters = new SqliteParameter[built.Parameters.Count];
        built.Parameters.CopyTo(parameters, 0);
        built.Parameters.Clear();
        prepared.Parameters.AddRange(parameters);
        built.Dispose();
        return prepared;
    }
}

/// <summary>The commands kept on one connection, by text. Used by one context at a time, like the connection.</summary>
internal sealed class PreparedCommandSet(SqliteConnection connection)
{
    // A service runs a few dozen distinct statements; past this many, new texts are not kept.
    private const int MaxKept = 128;

    private readonly Dictionary<string, PreparedCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>How many command texts are kept.</summary>
    public int Count => _commands.Count;

    /// <summary>The kept command for this text, or null when it is in use (a reader still open) or the set is full.</summary>
    public PreparedCommand? Rent(string text)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            if (_commands.Count >= MaxKept)
            {
                return null;
            }

            command = new PreparedCommand { Connection = connection, CommandText = text };
            _commands.Add(text, command);
        }

        return command.TryRent() ? command : null;
    }

    public void DisposeAll()
    {
        foreach (var command in _commands.Values)
        {
            command.Retire();
        }

        _commands.Clear();
    }
}

/// <summary>A command whose compiled statements outlive each use; disposing it ends one use.</summary>
internal sealed class PreparedCommand : SqliteCommand
{
    private bool _inUse;
    private bool _retired;

    public bool TryRent()
    {
        if (_inUse)
        {
            return false;
        }

        _inUse = true;
        return true;
    }

    /// <summary>Disposes it for good, statements and all.</summary>
    public void Retire()
    {
        _retired = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_retired)
        {
            // The statements were reset when the reader closed; only this use's state goes.
            Parameters.Clear();
            Transaction = null;
            _inUse = false;
            return;
        }

        base.Dispose(disposing);
    }
}
