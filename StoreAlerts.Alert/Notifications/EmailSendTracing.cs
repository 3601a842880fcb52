using System.Diagnostics;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// The <c>smtp send</c> span of one alert's email, a child of the alert's processing span through the <c>traceparent</c>
/// kept with its row (ADR-011): the dispatcher runs later, on its own loop, yet the send shows in the edit's trace.
/// </summary>
internal static class EmailSendTracing
{
    public static Activity? Start(StoreAlert alert, SmtpEndpoint endpoint)
    {
        ActivityContext.TryParse(alert.TraceParent, null, isRemote: true, out var parent);
        return AlertTracing.Source.StartActivity("smtp send", ActivityKind.Client, parent,
            [
                new("network.protocol.name", "smtp"),
                new("server.address", endpoint.Host),
                new("server.port", endpoint.Port),
                new("storealerts.alert_id", alert.Id),
                new("storealerts.event_id", alert.EventId),
                new("storealerts.store_id", alert.StoreId),
                new("storealerts.email.attempt", alert.NotificationAttempts + 1),
            ]);
    }

    public static void Failed(Activity? activity, string error, bool willRetry) =>
        activity?.SetStatus(ActivityStatusCode.Error, error).SetTag("error.type", willRetry ? "transient" : "permanent");
}
