namespace StoreAlerts.Alert.Consumer;

/// <summary>Bound from <c>Alert:Health</c>: when the <c>alert-consumer</c> health check turns Degraded or Unhealthy.</summary>
public sealed class ConsumerHealthOptions
{
    /// <summary>Degraded above this lag.</summary>
    public long MaxLag { get; set; } = 1000;

    /// <summary>Degraded after this long without a successful poll.</summary>
    public TimeSpan MaxSilence { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Unhealthy when records wait and no offset has moved for this long.</summary>
    public TimeSpan MaxStall { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Unhealthy when the dead-letter topic has refused to be written for this long.</summary>
    public TimeSpan MaxDeadLetterOutage { get; set; } = TimeSpan.FromMinutes(2);
}
