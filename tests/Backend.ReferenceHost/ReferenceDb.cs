using Microsoft.EntityFrameworkCore;

namespace Backend.ReferenceHost;

/// <summary>The stored reference's database: one table of orders, keyed by id.</summary>
internal sealed class ReferenceDb(DbContextOptions<ReferenceDb> options) : DbContext(options)
{
    public DbSet<StoredOrder> Orders => Set<StoredOrder>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<StoredOrder>().HasKey(o => o.Id);
}
