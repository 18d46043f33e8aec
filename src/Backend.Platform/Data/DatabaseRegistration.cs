using Backend.Platform.Data.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backend.Platform.Data;

/// <summary>
/// Gives a service its own database: a SQLite file in the data directory by default, or a
/// schema of its own in PostgreSQL. Migrations are applied at start-up, and the service's health
/// follows its database.
/// </summary>
public static class DatabaseRegistration
{
    /// <param name="builder">The application builder.</param>
    /// <param name="service">The service's short name: file name, schema name and connection string name.</param>
    /// <param name="healthTag">The tag of the service's health checks (its full gRPC name).</param>
    public static WebApplicationBuilder AddServiceDatabase<TContext, TSqliteContext, TPostgresContext>(
        this WebApplicationBuilder builder, string service, string healthTag)
        where TContext : ServiceDbContext
        where TSqliteContext : TContext
        where TPostgresContext : TContext
    {
        var data = DataOptions.From(builder.Configuration);
        var connectionString = builder.Configuration.GetConnectionString(service);
        switch (data.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString ??= $"Data Source={Path.Combine(data.Directory, service + ".db")}";
                builder.Services.AddPooledDbContextFactory<TSqliteContext>(o => o.UseSqlite(connectionString).LeaveFailuresToTheCaller());
                builder.Services.AddSingleton(_ => new KeptConnections<TContext>(new SqliteConnectionShelf(connectionString, data.SqliteSynchronous, data.SqliteCacheKiB, data.SqliteMmapMiB)));
                builder.Services.AddSingleton(sp => Renter<TContext, TSqliteContext>(sp, sp.GetRequiredService<KeptConnections<TContext>>().Shelf));
                break;
            case DatabaseProvider.Postgres:
                connectionString ??= builder.Configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException(
                    $"Data:Provider is Postgres but neither ConnectionStrings:{service} nor ConnectionStrings:Postgres is set.");
                builder.Services.AddPooledDbContextFactory<TPostgresContext>(o =>
                    o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", service)).LeaveFailuresToTheCaller());
                builder.Services.AddSingleton(sp => Renter<TContext, TPostgresContext>(sp, shelf: null));
                break;
            default:
                throw new InvalidOperationException($"Unknown Data:Provider {data.Provider}.");
        }

        // The one way to a context: rented for one unit of work, back in the pool at its end.
        builder.Services.AddSingleton<ServiceDatabase<TContext>>();
        var probeInterval = builder.Configuration.GetValue("Health:DatabaseProbeInterval", TimeSpan.FromSeconds(1));
        builder.Services.AddSingleton(sp => new DatabaseHealthCheck<TContext>(sp, probeInterval));
        builder.Services.AddHostedService(sp => new DatabaseMigrator<TContext>(sp));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            service + ":database",
            sp => sp.GetRequiredService<DatabaseHealthCheck<TContext>>(),
            HealthStatus.Unhealthy,
            [healthTag],
            TimeSpan.FromSeconds(5)));
        return builder;
    }

    // Rents a context from the provider's pool, typed as the service's context; on SQLite it
    // holds one of the kept open connections until it goes back.
    private static Func<TContext> Renter<TContext, TProviderContext>(IServiceProvider services, SqliteConnectionShelf? shelf)
        where TContext : ServiceDbContext
        where TProviderContext : TContext
    {
        var factory = services.GetRequiredService<IDbContextFactory<TProviderContext>>();
        if (shelf is null)
        {
            return () => factory.CreateDbContext();
        }

        return () =>
        {
            var db = factory.CreateDbContext();
            db.Borrow(shelf);
            return db;
        };
    }

    // One service's kept SQLite connections, closed with the host.
    private sealed class KeptConnections<TContext>(SqliteConnectionShelf shelf) : IDisposable
    {
        public SqliteConnectionShelf Shelf { get; } = shelf;

        public void Dispose() => Shelf.Dispose();
    }
}
