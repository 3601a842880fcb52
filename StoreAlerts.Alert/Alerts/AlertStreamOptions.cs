namespace StoreAlerts.Alert.Alerts;

/// <summary>Limits of the live stream (<c>GET /api/store-alerts/stream</c>), bound from <c>Alert:Stream</c>.</summary>
public sealed class AlertStreamOptions
{
    public const string Section = "Alert:Stream";

    /// <summary>Concurrent listeners per Alert process; one more is a 503 problem.</summary>
    public int MaxSubscribers { get; set; } = 500;

    /// <summary>Alerts held for a listener that reads slower than they arrive; beyond it the oldest are dropped.</summary>
    public int SubscriberBuffer { get; set; } = 100;

    /// <summary>How often a quiet stream sends a comment line, so proxies keep it open and a dead client is noticed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one write to a listener may take; a client that stopped reading is disconnected after it.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
