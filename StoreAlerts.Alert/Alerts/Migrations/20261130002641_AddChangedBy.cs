using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StoreAlerts.Alert.Alerts.Migrations
{
    /// <inheritdoc />
    public partial class AddChangedBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "changed_by",
                table: "store_alerts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "changed_by",
                table: "store_alerts");
        }
    }
}
