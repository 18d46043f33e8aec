using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Backend.Platform.Data.Sqlite;

/// <summary>
/// The command a kept SQLite connection hands out: it runs on the connection's compiled statement
/// for its text. SQLite compiles a statement from its text on every new command (parsing, name
/// resolution and planning), and for a read by id that costs about as much as running it; EF Core
/// creates a command per execution. This one collects text, parameters and transaction like any
/// command, then at execution lends them to the connection's <see cref="PreparedCommand"/> for the
/// same text, whose statements are already compiled. Disposing it gives both back for the next use.
/// </summary>
internal sealed class KeptCommand(KeptSqliteConnection connection) : DbCommand
{
    private readonly KeptParameters _parameters = new();
    private SqliteCommand? _running;
    private bool _lent;

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException($"Only {CommandType.Text} commands run on SQLite.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value != connection)
            {
                throw new InvalidOperationException("A kept command runs on the connection that made it.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => _running?.Cancel();

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery()
    {
        try
        {
            return Start().ExecuteNonQuery();
        }
        finally
        {
            Finish();
        }
    }

    public override object? ExecuteScalar()
    {
        try
        {
            return Start().ExecuteScalar();
        }
        finally
        {
            Finish();
        }
    }

    // The reader keeps the statement busy until it is closed; the command is given back when
    // disposed, which EF Core does once the reader is done.
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Start().ExecuteReader(behavior);

    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Start().ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            Finish();
        }
    }

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Start().ExecuteScalarAsync(cancellationToken);
        }
        finally
        {
            Finish();
        }
    }

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Start().ExecuteReaderAsync(behavior, cancellationToken);

    /// <summary>Marks it handed out, so that it goes back once however often it is disposed.</summary>
    public KeptCommand Lend()
    {
        _lent = true;
        return this;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _lent)
        {
            _lent = false;
            Finish();
            _parameters.Clear();
            CommandText = string.Empty;
            DbTransaction = null;
            connection.Commands.GiveBack(this);
        }

        base.Dispose(disposing);
    }

    /// <summary>The compiled command for this text, with this command's parameters and transaction.</summary>
    private SqliteCommand Start()
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("The command is already running; dispose of its reader first.");
        }

        // The kept command of this text is busy when a reader of it is still open: a fresh one runs instead.
        var running = (SqliteCommand?)connection.Commands.Rent(CommandText) ?? new SqliteCommand(CommandText, connection);
        running.Transaction = (SqliteTransaction?)DbTransaction;
        running.CommandTimeout = CommandTimeout;
        foreach (SqliteParameter parameter in _parameters)
        {
            running.Parameters.Add(parameter);
        }

        _running = running;
        return running;
    }

    private void Finish()
    {
        if (_running is { } running)
        {
            _running = null;
            running.Parameters.Clear();
            running.Dispose();
        }
    }

    private sealed class KeptParameters : SqliteParameterCollection;
}
