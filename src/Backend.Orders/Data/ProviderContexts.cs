using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Backend.Orders.Data;

internal sealed class SqliteOrdersDbContext(DbContextOptions<SqliteOrdersDbContext> options) : OrdersDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseComparableTimestamps();
}

internal sealed class PostgresOrdersDbContext(DbContextOptions<PostgresOrdersDbContext> options) : OrdersDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(OrdersModule.Name);
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Domain.Order>().Property(o => o.Items).HasColumnType("jsonb");
        // The writing transaction's id, as a bigint (an xid8 is a 64-bit counter that never wraps).
        modelBuilder.Entity<Domain.OrderChange>().Property(c => c.Xid).HasDefaultValueSql("(pg_current_xact_id()::text::bigint)");
    }
}

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class SqliteOrdersDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOrdersDbContext>
{
    public SqliteOrdersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOrdersDbContext>().UseSqlite("Data Source=orders.db").Options);
}

internal sealed class PostgresOrdersDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOrdersDbContext>
{
    public PostgresOrdersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOrdersDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__EFMigrationsHistory", OrdersModule.Name)).Options);
}
