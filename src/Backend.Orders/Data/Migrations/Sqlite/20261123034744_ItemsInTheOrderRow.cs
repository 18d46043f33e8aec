using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemsInTheOrderRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Items",
                table: "orders",
                type: "TEXT",
                nullable: true);

            // Every order keeps its items: they move from their table into the order's row.
            migrationBuilder.Sql("""
                UPDATE "orders" SET "Items" = (
                    SELECT json_group_array(json_object(
                        'Position', i."Position", 'Sku', i."Sku", 'Quantity', i."Quantity",
                        'UnitPriceUnits', i."UnitPriceUnits", 'UnitPriceNanos', i."UnitPriceNanos"))
                    FROM (SELECT * FROM "order_items" WHERE "OrderId" = "orders"."Id" ORDER BY "Position") AS i);
                """);

            migrationBuilder.DropTable(
                name: "order_items");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "order_items",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UnitPriceNanos = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitPriceUnits = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_items", x => new { x.OrderId, x.Position });
                    table.ForeignKey(
                        name: "FK_order_items_orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO "order_items" ("OrderId", "Position", "Quantity", "Sku", "UnitPriceNanos", "UnitPriceUnits")
                SELECT o."Id", json_extract(j.value, '$.Position'), json_extract(j.value, '$.Quantity'), json_extract(j.value, '$.Sku'),
                       json_extract(j.value, '$.UnitPriceNanos'), json_extract(j.value, '$.UnitPriceUnits')
                FROM "orders" AS o, json_each(o."Items") AS j;
                """);

            migrationBuilder.DropColumn(
                name: "Items",
                table: "orders");
        }
    }
}
