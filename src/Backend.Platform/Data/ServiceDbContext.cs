using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Data;

/// <summary>
/// The base of every service's DbContext. On SQLite, the writes of one process to one database
/// file take turns in an async queue: SQLite lets one writer at a time in, and a writer that finds
/// the file locked sleeps and polls, so under concurrent writes most of the time went to sleeping
/// and to retries rather than to writing. Queued, each write starts the moment the one before it
/// commits. PostgreSQL writes are not queued.
/// A SQLite context also works on an open connection lent by the service's
/// <see cref="SqliteConnectionShelf"/> while it is rented, and gives it back with itself.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteQueues = new(StringComparer.Ordinal);

    private SemaphoreSlim? _writeQueue;
    private bool _writeQueueKnown;
    private KeptSqliteConnection? _borrowed;

    /// <summary>Works on one of the shelf's open connections until this context is disposed (back to its pool).</summary>
    internal void Borrow(SqliteConnectionShelf shelf)
    {
        var connection = shelf.Take();
        try
        {
            Database.SetDbConnection(connection, contextOwnsConnection: false);
        }
        catch
        {
            connection.GiveBack();
            throw;
        }

        _borrowed = connection;
    }

    public override void Dispose()
    {
        var borrowed = Interlocked.Exchange(ref _borrowed, null);
        base.Dispose();
        borrowed?.GiveBack();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        var borrowed = Interlocked.Exchange(ref _borrowed, null);
        await base.DisposeAsync();
        borrowed?.GiveBack();
        GC.SuppressFinalize(this);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        QueuedWriteAsync(token => base.SaveChangesAsync(acceptAllChangesOnSuccess, token), cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (WriteQueue() is not { } queue)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        queue.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            queue.Release();
        }
    }

    /// <summary>
    /// Runs a write that bypasses SaveChanges (ExecuteUpdate, ExecuteDelete) in the same queue as
    /// the SaveChanges calls.
    /// </summary>
    public async Task<T> QueuedWriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        if (WriteQueue() is not { } queue)
        {
            return await write(cancellationToken);
        }

        await queue.WaitAsync(cancellationToken);
        try
        {
            return await write(cancellationToken);
        }
        finally
        {
            queue.Release();
        }
    }

    private SemaphoreSlim? WriteQueue()
    {
        if (!_writeQueueKnown)
        {
            _writeQueue = Database.IsSqlite() ? WriteQueues.GetOrAdd(Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)) : null;
            _writeQueueKnown = true;
        }

        // Inside an explicit transaction this context may already hold the file's lock; a queued
        // write must not wait behind writers that wait for that lock.
        return Database.CurrentTransaction is null ? _writeQueue : null;
    }
}
