using Microsoft.EntityFrameworkCore;

namespace Backend.Platform.Data;

/// <summary>
/// Rents a pooled context for one unit of work, straight from the pool (no service scope): the
/// one way every service reaches its database, from RPCs, singletons, background work and
/// long-lived watch streams alike (docs/decisions/0013-one-unit-of-work-style.md).
/// </summary>
public sealed class ServiceDatabase<TContext>(Func<TContext> rent)
    where TContext : DbContext
{
    public Lease Open() => new(rent());

    public readonly struct Lease(TContext db) : IAsyncDisposable
    {
        public TContext Db { get; } = db;

        /// <summary>Returns the context to the pool.</summary>
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }
}
