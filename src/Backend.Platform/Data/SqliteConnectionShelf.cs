using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Backend.Platform.Data;

/// <summary>
/// Open connections to one SQLite file, lent to one context at a time for as long as it is rented.
/// Opening a connection costs more than a query by its id: the handle comes out of the driver's
/// pool and every function EF Core needs is registered on it again. A kept connection is opened
/// once, with its <c>synchronous</c> mode set (kept per connection: under WAL, NORMAL syncs at
/// checkpoints, so a committed write survives a killed process though not power loss; FULL
/// survives that too and costs an fsync per commit), its page cache and its memory map (both
/// per connection in SQLite: see <see cref="DataOptions.SqliteCacheKiB"/> and <see cref="DataOptions.SqliteMmapMiB"/>).
/// </summary>
internal sealed class SqliteConnectionShelf : IDisposable
{
    // More than this many idle connections are closed: requests hold a context only for the few
    // queries of one unit of work, so a handful of connections serve a busy host.
    private const int MaxIdle = 32;

    private readonly ConcurrentBag<KeptSqliteConnection> _idle = [];
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string? _directory;
    private volatile bool _disposed;

    public SqliteConnectionShelf(string connectionString, SqliteSynchronous synchronous, int cacheKiB = DataOptions.DefaultSqliteCacheKiB, int mmapMiB = DataOptions.DefaultSqliteMmapMiB)
    {
        _connectionString = connectionString;
        _pragmas = (synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;")
            + FormattableString.Invariant($"PRAGMA cache_size = -{Math.Max(0, cacheKiB)};PRAGMA mmap_size = {Math.Max(0, (long)mmapMiB) * 1024 * 1024};");
        var source = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = source.Mode == SqliteOpenMode.Memory || source.DataSource is "" or ":memory:";
        _directory = inMemory ? null : Path.GetDirectoryName(Path.GetFullPath(source.DataSource));
    }

    public KeptSqliteConnection Take()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var kept) ? kept : Open();
    }

    public void Return(KeptSqliteConnection connection)
    {
        if (_disposed || connection.State != ConnectionState.Open || _idle.Count >= MaxIdle)
        {
            connection.Dispose();
            return;
        }

        _idle.Add(connection);
        if (_disposed)
        {
            // Given back while the shelf was being closed: close what the closing missed.
            Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private KeptSqliteConnection Open()
    {
        if (_directory is not null)
        {
            Directory.CreateDirectory(_directory);
        }

        var connection = new KeptSqliteConnection(_connectionString, this);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>A connection of the shelf, with the commands it keeps compiled (<see cref="KeptCommand"/>).</summary>
internal sealed class KeptSqliteConnection : SqliteConnection
{
    private readonly SqliteConnectionShelf _shelf;

    public KeptSqliteConnection(string connectionString, SqliteConnectionShelf shelf)
        : base(connectionString)
    {
        _shelf = shelf;
        Commands = new KeptCommands(this);
    }

    public KeptCommands Commands { get; }

    /// <summary>Back to the shelf it came from, for the next context.</summary>
    public void GiveBack() => _shelf.Return(this);

    public override void Close()
    {
        // Compiled statements belong to the open handle; they go before it is given back.
        Commands.DisposeAll();
        base.Close();
    }

    // What EF Core asks for through DbConnection; SqliteConnection.CreateCommand still makes plain ones.
    protected override DbCommand CreateDbCommand() => Commands.Create();
}
