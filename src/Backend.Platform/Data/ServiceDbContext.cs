using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Data;

/// <summary>
/// The base of every service's DbContext. On SQLite, the writes of one process to one database
/// file take turns in an async queue: SQLite lets one writer at a time in, and a writer that finds
/// the file locked sleeps and polls, so under concurrent writes most of the time went to sleeping
/// and to retries rather than to writing. Queued, each write starts the moment the one before it
/// commits. PostgreSQL writes are not queued.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteQueues = new(StringComparer.Ordinal);

    private SemaphoreSlim? _writeQueue;
    private bool _writeQueueKnown;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (WriteQueue() is not { } queue)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await queue.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            queue.Release();
        }
    }

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
