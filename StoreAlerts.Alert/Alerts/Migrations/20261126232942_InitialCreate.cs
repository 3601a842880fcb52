using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StoreAlerts.Alert.Alerts.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "store_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    store_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    store_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    store_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    previous_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source_topic = table.Column<string>(type: "character varying(249)", maxLength: 249, nullable: false),
                    source_partition = table.Column<int>(type: "integer", nullable: false),
                    source_offset = table.Column<long>(type: "bigint", nullable: false),
                    notification_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    notification_attempts = table.Column<int>(type: "integer", nullable: false),
                    notification_last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    notification_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    notification_next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_store_alerts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_store_alerts_event_id",
                table: "store_alerts",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_store_alerts_notification_status_notification_next_attempt_~",
                table: "store_alerts",
                columns: new[] { "notification_status", "notification_next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "IX_store_alerts_occurred_at",
                table: "store_alerts",
                column: "occurred_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "store_alerts");
        }
    }
}
