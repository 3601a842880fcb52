namespace StoreAlerts.Alert.Alerts;

public static class AlertsExtensions
{
    public const string DatabaseConnectionName = "alertdb";

    /// <summary>The alerts table (EF Core on PostgreSQL, migrated at start-up), its notification ledger, and the live stream's fan-out fed by every replica's stores.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        // The consumer and the dispatcher own their retry loops; a hidden retrying strategy would only delay them.
        builder.AddNpgsqlDbContext<AlertDbContext>(DatabaseConnectionName, settings => settings.DisableRetry = true);
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());
        builder.AddAlertStream();
        builder.Services.AddSingleton<NotificationLedger>();
        builder.Services.AddHostedService<AlertsStoredListener>();
        return builder;
    }
}
