using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StoreAlerts.Alert.Alerts.Migrations
{
    /// <inheritdoc />
    public partial class AlertTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "store_alerts",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "store_alerts");
        }
    }
}
