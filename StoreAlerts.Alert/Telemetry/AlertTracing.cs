using System.Diagnostics;

namespace StoreAlerts.Alert.Telemetry;

/// <summary>The service's own spans: Kafka receive and process, and the SMTP send of each alert's email.</summary>
public static class AlertTracing
{
    public const string ActivitySourceName = "StoreAlerts.Alert";

    public static readonly ActivitySource Source = new(ActivitySourceName);
}
