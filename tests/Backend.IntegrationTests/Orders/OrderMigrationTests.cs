using Backend.Orders.Data;
using Backend.Orders.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Backend.IntegrationTests.Orders;

/// <summary>Upgrading a database keeps what it holds, on either provider.</summary>
public sealed class OrderMigrationTests
{
    private const string OrderId = "01a20000000070008000000000000aaa";

    // The same rows on both providers: an order of two items, stored out of position order.
    private const string Columns = """
        ("Id", "UserId", "CurrencyCode", "TotalUnits", "TotalNanos", "Status", "Revision", "PaymentId", "CancelReason", "RequestId", "RequestFingerprint", "CreateTime", "UpdateTime")
        """;

    private const string ItemColumns = """("OrderId", "Position", "Sku", "Quantity", "UnitPriceUnits", "UnitPriceNanos")""";

    [SqliteOnlyFact]
    public async Task Migrate_SqliteOrdersWithItemsInTheirOwnTable_ItemsMoveIntoTheOrderRowIntact()
    {
        var file = Path.Combine(Path.GetTempPath(), $"orders-migration-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteOrdersDbContext>().UseSqlite($"Data Source={file}").Options;
        try
        {
            var order = await MigrateThroughAsync(() => new SqliteOrdersDbContext(options), "20261123010003_InitialCreate", $"""
                INSERT INTO "orders" {Columns} VALUES ('{OrderId}', 'u', 'EUR', 31, 500000000, 1, 1, '', '', 'req-1', 'fp', 1763870000000000, 1763870000000000);
                INSERT INTO "order_items" {ItemColumns} VALUES ('{OrderId}', 1, 'lamp', 1, 20, 500000000);
                INSERT INTO "order_items" {ItemColumns} VALUES ('{OrderId}', 0, 'cable', 2, 5, 500000000);
                """);
            AssertItemsKept(order);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [PostgresOnlyFact]
    public async Task Migrate_PostgresOrdersWithItemsInTheirOwnTable_ItemsMoveIntoTheOrderRowIntact()
    {
        var server = BackendFactory.PostgresServer!;
        var database = "backend_migration_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
        }

        var options = new DbContextOptionsBuilder<PostgresOrdersDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ToString(),
                npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "orders"))
            .Options;
        try
        {
            var order = await MigrateThroughAsync(() => new PostgresOrdersDbContext(options), "20261123005745_InitialCreate", $"""
                INSERT INTO "orders"."orders" {Columns} VALUES ('{OrderId}', 'u', 'EUR', 31, 500000000, 1, 1, '', '', 'req-1', 'fp', now(), now());
                INSERT INTO "orders"."order_items" {ItemColumns} VALUES ('{OrderId}', 1, 'lamp', 1, 20, 500000000);
                INSERT INTO "orders"."order_items" {ItemColumns} VALUES ('{OrderId}', 0, 'cable', 2, 5, 500000000);
                """);
            AssertItemsKept(order);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    private static async Task<Order> MigrateThroughAsync<TContext>(Func<TContext> open, string initialMigration, string seed)
        where TContext : OrdersDbContext
    {
        await using (var before = open())
        {
            await before.GetService<IMigrator>().MigrateAsync(initialMigration);
            await before.Database.ExecuteSqlRawAsync(seed);
        }

        await using var after = open();
        await after.Database.MigrateAsync();
        return await after.Orders.AsNoTracking().SingleAsync();
    }

    private static void AssertItemsKept(Order order)
    {
        Assert.Equal(OrderId, order.Id);
        Assert.Equal("req-1", order.RequestId);
        Assert.Equal(
            [(0, "cable", 2, 5L, 500_000_000), (1, "lamp", 1, 20L, 500_000_000)],
            order.Items.Select(i => (i.Position, i.Sku, i.Quantity, i.UnitPriceUnits, i.UnitPriceNanos)));
    }
}
