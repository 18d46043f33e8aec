using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Backend.Users.Data;

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class SqliteUsersDesignTimeFactory : IDesignTimeDbContextFactory<SqliteUsersDbContext>
{
    public SqliteUsersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteUsersDbContext>().UseSqlite("Data Source=users.db").Options);
}

internal sealed class PostgresUsersDesignTimeFactory : IDesignTimeDbContextFactory<PostgresUsersDbContext>
{
    public PostgresUsersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresUsersDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__EFMigrationsHistory", UsersModule.Name)).Options);
}
