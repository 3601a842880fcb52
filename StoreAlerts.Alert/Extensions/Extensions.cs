using Microsoft.Extensions.DependencyInjection.Extensions;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Alert.Notifications;
using StoreAlerts.Alert.Operations;
using StoreAlerts.Alert.Telemetry;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Wakes the email dispatcher when any replica stores alerts (AlertsStoredListener) or the API puts one back to Pending.
        builder.Services.AddSingleton<WakeUpSignal>();

        builder.AddAlertTelemetry();
        builder.AddAlerts();
        builder.AddAlertConsumer();
        builder.AddAlertNotifications();
        builder.AddOperations();
        return builder;
    }
}
