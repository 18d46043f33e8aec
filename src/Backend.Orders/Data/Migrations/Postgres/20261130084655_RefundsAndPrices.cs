using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RefundsAndPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RefundedNanos",
                schema: "orders",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "RefundedUnits",
                schema: "orders",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Orders refunded before partial refunds were recorded were refunded in full.
            migrationBuilder.Sql("""
                UPDATE orders.orders SET "RefundedUnits" = "TotalUnits", "RefundedNanos" = "TotalNanos" WHERE "Status" = 6;
                """);

            migrationBuilder.CreateTable(
                name: "prices",
                schema: "orders",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CurrencyCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    UnitPriceUnits = table.Column<long>(type: "bigint", nullable: false),
                    UnitPriceNanos = table.Column<int>(type: "integer", nullable: false),
                    UpdateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_prices", x => x.Sku);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "prices",
                schema: "orders");

            migrationBuilder.DropColumn(
                name: "RefundedNanos",
                schema: "orders",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "RefundedUnits",
                schema: "orders",
                table: "orders");
        }
    }
}
