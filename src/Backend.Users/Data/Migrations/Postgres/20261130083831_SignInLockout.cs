using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Backend.Users.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SignInLockout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailedSignIns",
                schema: "users",
                table: "users",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailedSignInsSince",
                schema: "users",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SignInLockedUntil",
                schema: "users",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FailedSignIns",
                schema: "users",
                table: "users");

            migrationBuilder.DropColumn(
                name: "FailedSignInsSince",
                schema: "users",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SignInLockedUntil",
                schema: "users",
                table: "users");
        }
    }
}
