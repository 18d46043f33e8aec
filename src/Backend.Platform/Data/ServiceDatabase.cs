using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Platform.Data;

/// <summary>
/// Rents a pooled context for one unit of work. For long-lived calls (watch streams) and
/// singletons, which must not hold a context for their whole life.
/// </summary>
public sealed class ServiceDatabase<TContext>(IServiceScopeFactory scopes)
    where TContext : DbContext
{
    public Lease Open() => new(scopes.CreateAsyncScope());

    public readonly struct Lease(AsyncServiceScope scope) : IAsyncDisposable
    {
        public TContext Db { get; } = scope.ServiceProvider.GetRequiredService<TContext>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
