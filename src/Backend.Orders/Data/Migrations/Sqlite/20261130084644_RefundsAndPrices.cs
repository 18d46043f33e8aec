using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RefundsAndPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RefundedNanos",
                table: "orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "RefundedUnits",
                table: "orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Orders refunded before partial refunds were recorded were refunded in full.
            migrationBuilder.Sql("""
                UPDATE "orders" SET "RefundedUnits" = "TotalUnits", "RefundedNanos" = "TotalNanos" WHERE "Status" = 6;
                """);

            migrationBuilder.CreateTable(
                name: "prices",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CurrencyCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    UnitPriceUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    UnitPriceNanos = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdateTime = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "prices");

            migrationBuilder.DropColumn(
                name: "RefundedNanos",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "RefundedUnits",
                table: "orders");
        }
    }
}
