namespace StoreAlerts.Alert.Consumer;

/// <summary>Bound from <c>Kafka:Topic</c> and <c>Alert:Consumer</c>.</summary>
public sealed class ConsumerOptions
{
    public string Topic { get; set; } = "topic_alert";

    /// <summary>Most records stored in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between two tries while PostgreSQL or the dead-letter topic is unavailable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
