using Backend.Platform.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Data;

/// <summary>
/// The base of every service's DbContext. A SQLite context works on an open connection lent by the
/// service's <see cref="SqliteConnectionShelf"/> while it is rented, gives it back with itself, and
/// takes its turn among the file's writers (<see cref="SqliteConnectionShelf.WriteTurns"/>): under
/// concurrent writes, most of the time went to SQLite's sleeping and polling rather than to
/// writing. PostgreSQL writes are not queued.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
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

    // Inside an explicit transaction this context may already hold the file's lock; a queued
    // write must not wait behind writers that wait for that lock.
    private SemaphoreSlim? WriteQueue() => Database.CurrentTransaction is null ? _borrowed?.Shelf.WriteTurns : null;
}
