using System.Diagnostics.Metrics;

namespace StoreAlerts.Alert.Infrastructure;

/// <summary>The service's own instruments, exported by OpenTelemetry under the meter <c>StoreAlerts.Alert</c>.</summary>
public sealed class AlertMetrics
{
    public const string MeterName = "StoreAlerts.Alert";

    private readonly Counter<long> stored;
    private readonly Counter<long> duplicates;
    private readonly Counter<long> deadLettered;
    private readonly Counter<long> emailsSent;
    private readonly Counter<long> emailsFailed;

    public AlertMetrics(IMeterFactory meterFactory, Consumer.ConsumerState consumer)
    {
        var meter = meterFactory.Create(MeterName);
        stored = meter.CreateCounter<long>("storealerts.alerts.stored", "{alert}", "Alerts stored in PostgreSQL.");
        duplicates = meter.CreateCounter<long>("storealerts.alerts.duplicates_skipped", "{event}", "Redelivered events that were already stored.");
        deadLettered = meter.CreateCounter<long>("storealerts.records.dead_lettered", "{record}", "Records sent to the dead-letter topic.");
        emailsSent = meter.CreateCounter<long>("storealerts.emails.sent", "{email}", "Alert emails accepted by the SMTP server.");
        emailsFailed = meter.CreateCounter<long>("storealerts.emails.failed", "{email}", "Failed email attempts, tagged by whether they will be retried.");
        meter.CreateObservableGauge("storealerts.consumer.lag", () => consumer.Lag, "{record}",
            "Records on the assigned partitions not yet read by the consumer.");
    }

    public void Stored(int count) => stored.Add(count);
    public void DuplicatesSkipped(int count) => duplicates.Add(count);
    public void DeadLettered(int count) => deadLettered.Add(count);
    public void EmailSent() => emailsSent.Add(1);
    public void EmailFailed(bool willRetry) => emailsFailed.Add(1, new KeyValuePair<string, object?>("retry", willRetry));
}
