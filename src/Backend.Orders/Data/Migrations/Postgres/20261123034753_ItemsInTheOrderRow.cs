using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemsInTheOrderRow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Items",
                schema: "orders",
                table: "orders",
                type: "jsonb",
                nullable: true);

            // Every order keeps its items: they move from their table into the order's row.
            migrationBuilder.Sql("""
                UPDATE "orders"."orders" AS o SET "Items" = COALESCE((
                    SELECT jsonb_agg(jsonb_build_object(
                        'Position', i."Position", 'Sku', i."Sku", 'Quantity', i."Quantity",
                        'UnitPriceUnits', i."UnitPriceUnits", 'UnitPriceNanos', i."UnitPriceNanos") ORDER BY i."Position")
                    FROM "orders"."order_items" AS i WHERE i."OrderId" = o."Id"), '[]'::jsonb);
                """);

            migrationBuilder.DropTable(
                name: "order_items",
                schema: "orders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "order_items",
                schema: "orders",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "character varying(32)", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UnitPriceNanos = table.Column<int>(type: "integer", nullable: false),
                    UnitPriceUnits = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_items", x => new { x.OrderId, x.Position });
                    table.ForeignKey(
                        name: "FK_order_items_orders_OrderId",
                        column: x => x.OrderId,
                        principalSchema: "orders",
                        principalTable: "orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql("""
                INSERT INTO "orders"."order_items" ("OrderId", "Position", "Quantity", "Sku", "UnitPriceNanos", "UnitPriceUnits")
                SELECT o."Id", (j->>'Position')::integer, (j->>'Quantity')::integer, j->>'Sku',
                       (j->>'UnitPriceNanos')::integer, (j->>'UnitPriceUnits')::bigint
                FROM "orders"."orders" AS o CROSS JOIN LATERAL jsonb_array_elements(o."Items") AS j;
                """);

            migrationBuilder.DropColumn(
                name: "Items",
                schema: "orders",
                table: "orders");
        }
    }
}
