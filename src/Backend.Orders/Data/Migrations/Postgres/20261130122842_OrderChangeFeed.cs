using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Backend.Orders.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrderChangeFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "order_changes",
                schema: "orders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Xid = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(pg_current_xact_id()::text::bigint)"),
                    OrderId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ChangeTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "order_feed_horizon",
                schema: "orders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Xid = table.Column<long>(type: "bigint", nullable: false),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_feed_horizon", x => x.Id);
                });

            migrationBuilder.InsertData(
                schema: "orders",
                table: "order_feed_horizon",
                columns: new[] { "Id", "ChangeId", "Xid" },
                values: new object[] { 1, 0L, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_order_changes_UserId_Xid_Id",
                schema: "orders",
                table: "order_changes",
                columns: new[] { "UserId", "Xid", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_order_changes_Xid_Id",
                schema: "orders",
                table: "order_changes",
                columns: new[] { "Xid", "Id" });

            // The changes recorded so far join the feed ahead of every new one (Xid 0), each
            // order's in revision order, and leave it with the retention like any other.
            migrationBuilder.Sql(@"
INSERT INTO orders.""order_changes"" (""Xid"", ""OrderId"", ""Revision"", ""UserId"", ""Status"", ""ChangeTime"")
SELECT 0, ""OrderId"", ""Revision"", ""UserId"", ""Status"", ""EventTime"" FROM orders.""order_events""
ORDER BY MAX(""EventTime"") OVER (PARTITION BY ""OrderId"" ORDER BY ""Revision""), ""OrderId"", ""Revision"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_changes",
                schema: "orders");

            migrationBuilder.DropTable(
                name: "order_feed_horizon",
                schema: "orders");
        }
    }
}
