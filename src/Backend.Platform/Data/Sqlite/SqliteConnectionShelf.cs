// The SQLite seam. Everything that bends Microsoft.Data.Sqlite to the platform's needs is in this
// folder, and nothing outside it names these types but ServiceDbContext (which borrows a
// connection) and DatabaseRegistration (which makes one shelf per service database). PostgreSQL
// never meets any of it. Why it exists: EF Core opens a connection per context and compiles each
// statement per command; on SQLite both cost about as much as a read by id (measured: 134 to 82 us
// of CPU per GetOrder, docs/decisions), and EF Core has no statement cache of its own
// (dotnet/efcore#14044).
//
// Invariants (each has a test in tests/Backend.Platform.Tests/Data/Sqlite):
// 1. A kept connection is lent to one context at a time, from its rent to its disposal; a context
//    and its connection are used by one thread at a time, so nothing here takes a lock but the shelf.
// 2. Every connection of a shelf is opened once with the same pragmas (synchronous, cache_size,
//    mmap_size: all per connection in SQLite); a connection that is not open is never lent again.
// 3. A compiled statement belongs to the open handle it was compiled on: closing the connection
//    disposes every one of them first, and a command never runs on another connection.
// 4. One compiled command runs one execution at a time: while its reader is open, the same text
//    runs on a fresh command, so nested queries see their full answers.
// 5. A command handed out goes back exactly once, however often it is disposed, and without its
//    text, parameters or transaction: nothing of one use reaches the next.
// 6. The writes of one process to one file take turns (WriteTurns) unless they run inside an
//    explicit transaction, which may already hold the file's lock.
// 7. Once the shelf is disposed nothing is lent and every connection given back is closed.
using System.Collections.Concurrent;
using System.Data;
using Microsoft.Data.Sqlite;

namespace Backend.Platform.Data.Sqlite;

/// <summary>
/// Open connections to one SQLite file, lent to one context at a time for as long as it is rented.
/// Opening a connection costs more than a query by its id: the handle comes out of the driver's
/// pool and every function EF Core needs is registered on it again. A kept connection is opened
/// once, with its <see cref="SqlitePragmas"/>.
/// </summary>
internal sealed class SqliteConnectionShelf : IDisposable
{
    // More than this many idle connections are closed: requests hold a context only for the few
    // queries of one unit of work, so a handful of connections serve a busy host.
    internal const int MaxIdle = 32;

    private readonly ConcurrentBag<KeptSqliteConnection> _idle = [];
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly string? _directory;
    private volatile bool _disposed;

    public SqliteConnectionShelf(string connectionString, SqliteSynchronous synchronous, int cacheKiB = DataOptions.DefaultSqliteCacheKiB, int mmapMiB = DataOptions.DefaultSqliteMmapMiB)
    {
        _connectionString = connectionString;
        _pragmas = SqlitePragmas.For(synchronous, cacheKiB, mmapMiB);
        var source = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = source.Mode == SqliteOpenMode.Memory || source.DataSource is "" or ":memory:";
        _directory = inMemory ? null : Path.GetDirectoryName(Path.GetFullPath(source.DataSource));
    }

    /// <summary>
    /// The turns of this file's writers in this process. SQLite lets one writer in at a time, and
    /// a writer that finds the file locked sleeps and polls: queued, each write starts the moment
    /// the one before it commits.
    /// </summary>
    public SemaphoreSlim WriteTurns { get; } = new(1, 1);

    /// <summary>How many open connections wait to be lent.</summary>
    public int IdleCount => _idle.Count;

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
