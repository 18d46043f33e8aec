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

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SessionRevocation> SessionRevocations => Set<SessionRevocation>();

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

        var session = modelBuilder.Entity<Session>();
        session.ToTable("sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.UserId).HasMaxLength(32);
        session.HasIndex(s => s.UserId);

        var refresh = modelBuilder.Entity<RefreshToken>();
        refresh.ToTable("refresh_tokens");
        refresh.HasKey(t => t.Hash);
        refresh.Property(t => t.Hash).HasMaxLength(64);
        refresh.Property(t => t.SessionId).HasMaxLength(32);
        refresh.HasIndex(t => t.SessionId);

        var revocation = modelBuilder.Entity<SessionRevocation>();
        revocation.ToTable("session_revocations");
        revocation.HasKey(r => r.Id);
        revocation.Property(r => r.SessionId).HasMaxLength(32);
        revocation.HasIndex(r => r.KeepUntil);
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
