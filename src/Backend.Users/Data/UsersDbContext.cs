using Backend.Platform.Data;
using Backend.Users.Domain;
using Microsoft.EntityFrameworkCore;

namespace Backend.Users.Data;

/// <summary>
/// The user service's own database. One subclass per provider carries that provider's
/// migrations; the model is the same.
/// </summary>
internal abstract class UsersDbContext(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var user = modelBuilder.Entity<User>();
        user.ToTable("users");
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).HasMaxLength(32);
        user.Property(u => u.Email).HasMaxLength(EmailAddress.MaxLength);
        user.HasIndex(u => u.Email).IsUnique();
        user.Property(u => u.DisplayName).HasMaxLength(UserRules.MaxDisplayNameLength);
        user.Property(u => u.Role).HasConversion<int>();
        user.Property(u => u.PasswordHash).HasMaxLength(512);
        user.Property(u => u.Version).IsConcurrencyToken();
        user.Ignore(u => u.Etag);
    }
}

internal sealed class SqliteUsersDbContext(DbContextOptions<SqliteUsersDbContext> options) : UsersDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseComparableTimestamps();
}

internal sealed class PostgresUsersDbContext(DbContextOptions<PostgresUsersDbContext> options) : UsersDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(UsersModule.Name);
        base.OnModelCreating(modelBuilder);
    }
}
