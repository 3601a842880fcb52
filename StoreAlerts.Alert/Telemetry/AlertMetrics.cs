using System.Diagnostics.Metrics;

namespace StoreAlerts.Alert.Telemetry;

/// <summary>The service's own instruments, exported by OpenTelemetry under the meter <c>StoreAlerts.Alert</c>.</summary>
public sealed class AlertMetrics
{
    public const string MeterName = "StoreAlerts.Alert";

    private readonly Meter _meter;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>("storealerts.alerts.stored", "{alert}", "Alerts stored in PostgreSQL.");
        _duplicates = meter.CreateCounter<long>("storealerts.alerts.duplicates_skipped", "{event}", "Redelivered events that were already stored.");
        _deadLettered = meter.CreateCounter<long>("storealerts.records.dead_lettered", "{record}", "Records sent to the dead-letter topic.");
        _emailsSent = meter.CreateCounter<long>("storealerts.emails.sent", "{email}", "Alert emails accepted by the SMTP server.");
        _emailsFailed = meter.CreateCounter<long>("storealerts.emails.failed", "{email}", "Failed email attempts, tagged by whether they will be retried.");
    }

    /// <summary>The consumer's lag, read each time metrics are collected.</summary>
    public void ObserveLag(Func<long> lag) => _meter.CreateObservableGauge("storealerts.consumer.lag", lag, "{record}",
        "Records on the assigned partitions not yet read by the consumer.");

    public void Stored(int count) => _stored.Add(count);
    public void DuplicatesSkipped(int count) => _duplicates.Add(count);
    public void DeadLettered(int count) => _deadLettered.Add(count);
    public void EmailSent() => _emailsSent.Add(1);
    public void EmailFailed(bool willRetry) => _emailsFailed.Add(1, new KeyValuePair<string, object?>("retry", willRetry));
}
