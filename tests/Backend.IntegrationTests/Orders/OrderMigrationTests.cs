using Backend.Orders.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Backend.IntegrationTests.Orders;

/// <summary>Upgrading a database keeps what it holds.</summary>
public sealed class OrderMigrationTests
{
    [SqliteOnlyFact]
    public async Task Migrate_OrdersWithItemsInTheirOwnTable_ItemsMoveIntoTheOrderRowIntact()
    {
        var file = Path.Combine(Path.GetTempPath(), $"orders-migration-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteOrdersDbContext>().UseSqlite($"Data Source={file}").Options;
        try
        {
            await using (var before = new SqliteOrdersDbContext(options))
            {
                await before.GetService<IMigrator>().MigrateAsync("20261123010003_InitialCreate");
                await before.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "orders" VALUES ('01a20000000070008000000000000aaa', '01a20000000070008000000000000bbb', 'EUR', 31, 500000000,
                        1, 1, '', '', 'req-1', 'fp', 1763870000000000, 1763870000000000);
                    INSERT INTO "order_items" VALUES (1, '01a20000000070008000000000000aaa', 'lamp', 1, 20, 500000000);
                    INSERT INTO "order_items" VALUES (0, '01a20000000070008000000000000aaa', 'cable', 2, 5, 500000000);
                    """);
            }

            await using var after = new SqliteOrdersDbContext(options);
            await after.Database.MigrateAsync();
            var order = await after.Orders.AsNoTracking().SingleAsync();

            Assert.Equal(
                [(0, "cable", 2, 5L, 500_000_000), (1, "lamp", 1, 20L, 500_000_000)],
                order.Items.Select(i => (i.Position, i.Sku, i.Quantity, i.UnitPriceUnits, i.UnitPriceNanos)));
            Assert.Equal("req-1", order.RequestId);
            Assert.Empty(await after.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE name = 'order_items'").ToListAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
