using Backend.Orders.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Backend.IntegrationTests.Orders.Feed;

/// <summary>Changes recorded before the feed existed join it when the database is upgraded.</summary>
public sealed class FeedMigrationTests
{
    private const string Columns = """("OrderId", "Revision", "UserId", "Status", "PreviousStatus", "EventTime", "Snapshot")""";

    [SqliteOnlyFact]
    public async Task Migrate_SqliteEventsBeforeTheFeed_JoinItOncePerChangeInRevisionOrder()
    {
        var file = Path.Combine(Path.GetTempPath(), $"orders-feed-migration-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteOrdersDbContext>().UseSqlite($"Data Source={file}").Options;
        try
        {
            await using (var before = new SqliteOrdersDbContext(options))
            {
                await before.GetService<IMigrator>().MigrateAsync("20261130084644_RefundsAndPrices");
                // Order b's second change is stamped earlier than its first (clocks of two
                // instances apart): it must still follow it.
                await before.Database.ExecuteSqlRawAsync($"""
                    INSERT INTO "order_events" {Columns} VALUES ('a', 1, 'u', 1, 0, 1763870000000000, 's');
                    INSERT INTO "order_events" {Columns} VALUES ('b', 1, 'u', 1, 0, 1763870000000300, 's');
                    INSERT INTO "order_events" {Columns} VALUES ('a', 2, 'u', 2, 1, 1763870000000500, 's');
                    INSERT INTO "order_events" {Columns} VALUES ('b', 2, 'u', 2, 1, 1763870000000200, 's');
                    """);
            }

            await using var after = new SqliteOrdersDbContext(options);
            await after.Database.MigrateAsync();
            var changes = await after.Changes.AsNoTracking().OrderBy(c => c.Xid).ThenBy(c => c.Id).Select(c => new { c.OrderId, c.Revision }).ToListAsync();

            Assert.Equal([("a", 1L), ("b", 1L), ("b", 2L), ("a", 2L)], changes.Select(c => (c.OrderId, c.Revision)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
