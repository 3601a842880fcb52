namespace StoreAlerts.Store.Outbox;

public sealed class OutboxOptions
{
    /// <summary>The Kafka topic of store-alert events (<c>Kafka:Topic</c>).</summary>
    public string Topic { get; set; } = "topic_alert";

    /// <summary>How often the relay looks for pending events when no write has woken it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many stores with pending events one relay round takes.</summary>
    public int BatchSize { get; set; } = 200;

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Past this age, a pending event makes the <c>outbox</c> health check report Degraded.</summary>
    public TimeSpan MaxPendingAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Past this age, a pending event makes the <c>outbox</c> health check report Unhealthy (the relay cannot move).</summary>
    public TimeSpan UnhealthyPendingAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a shutdown waits for the delivery reports of events already handed to the producer.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
