using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Orders.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemsAsOneValue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The items column keeps its type and its JSON: the model now reads it as one value
            // of the order instead of as owned entities, so nothing in the database changes.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
