using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrderChangeFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "order_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Xid = table.Column<long>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "order_feed_horizon",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Xid = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangeId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_feed_horizon", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "order_feed_horizon",
                columns: new[] { "Id", "ChangeId", "Xid" },
                values: new object[] { 1, 0L, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_order_changes_UserId_Xid_Id",
                table: "order_changes",
                columns: new[] { "UserId", "Xid", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_order_changes_Xid_Id",
                table: "order_changes",
                columns: new[] { "Xid", "Id" });

            // The changes recorded so far join the feed ahead of every new one (Xid 0), each
            // order's in revision order, and leave it with the retention like any other.
            migrationBuilder.Sql(@"
INSERT INTO ""order_changes"" (""Xid"", ""OrderId"", ""Revision"", ""UserId"", ""Status"", ""ChangeTime"")
SELECT 0, ""OrderId"", ""Revision"", ""UserId"", ""Status"", ""EventTime"" FROM ""order_events""
ORDER BY MAX(""EventTime"") OVER (PARTITION BY ""OrderId"" ORDER BY ""Revision""), ""OrderId"", ""Revision"";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_changes");

            migrationBuilder.DropTable(
                name: "order_feed_horizon");
        }
    }
}
