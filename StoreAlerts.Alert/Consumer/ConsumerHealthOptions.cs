namespace StoreAlerts.Alert.Consumer;

/// <summary>Bound from <c>Alert:Health</c>: when the <c>alert-consumer</c> health check turns Degraded.</summary>
public sealed class ConsumerHealthOptions
{
    public long MaxLag { get; set; } = 1000;
    public TimeSpan MaxSilence { get; set; } = TimeSpan.FromMinutes(1);
}
