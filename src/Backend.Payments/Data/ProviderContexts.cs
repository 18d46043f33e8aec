using Backend.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Backend.Payments.Data;

internal sealed class SqlitePaymentsDbContext(DbContextOptions<SqlitePaymentsDbContext> options) : PaymentsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseComparableTimestamps();
}

internal sealed class PostgresPaymentsDbContext(DbContextOptions<PostgresPaymentsDbContext> options) : PaymentsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(PaymentsModule.Name);
        base.OnModelCreating(modelBuilder);
    }
}

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class SqlitePaymentsDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePaymentsDbContext>
{
    public SqlitePaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePaymentsDbContext>().UseSqlite("Data Source=payments.db").Options);
}

internal sealed class PostgresPaymentsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPaymentsDbContext>
{
    public PostgresPaymentsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPaymentsDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__EFMigrationsHistory", PaymentsModule.Name)).Options);
}
