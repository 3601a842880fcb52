using System.Diagnostics.Metrics;
using System.Globalization;

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
    private readonly Histogram<double> _toRow;
    private readonly Histogram<double> _toEmail;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>("storealerts.alerts.stored", "{alert}", "Alerts stored in PostgreSQL.");
        _duplicates = meter.CreateCounter<long>("storealerts.alerts.duplicates_skipped", "{event}", "Redelivered events that were already stored.");
        _deadLettered = meter.CreateCounter<long>("storealerts.records.dead_lettered", "{record}", "Records sent to the dead-letter topic.");
        _emailsSent = meter.CreateCounter<long>("storealerts.emails.sent", "{email}", "Alert emails accepted by the SMTP server.");
        _emailsFailed = meter.CreateCounter<long>("storealerts.emails.failed", "{email}", "Failed email attempts, tagged by whether they will be retried.");
        _toRow = meter.CreateHistogram<double>("storealerts.alerts.stored.delay", "s", "From the store change (the event's occurredAt) to its alert row.",
            advice: LatencyBuckets);
        _toEmail = meter.CreateHistogram<double>("storealerts.emails.sent.delay", "s", "From the store change (the event's occurredAt) to its email's acceptance by the SMTP server.",
            advice: LatencyBuckets);
    }

    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    /// <summary>The consumer's lag per assigned partition, read each time metrics are collected.</summary>
    public void ObserveLag(Func<IEnumerable<(int Partition, long Lag)>> lags) => _meter.CreateObservableGauge("storealerts.consumer.lag",
        () => lags().Select(l => new Measurement<long>(l.Lag, new KeyValuePair<string, object?>("messaging.destination.partition.id", l.Partition.ToString(CultureInfo.InvariantCulture)))),
        "{record}", "Records on each assigned partition not yet read by the consumer.");

    public void Stored(int count) => _stored.Add(count);
    public void DuplicatesSkipped(int count) => _duplicates.Add(count);
    public void DeadLettered(int count) => _deadLettered.Add(count);
    public void EmailSent() => _emailsSent.Add(1);
    public void AlertStored(DateTimeOffset occurredAt, DateTimeOffset storedAt) => _toRow.Record(Seconds(occurredAt, storedAt));
    public void AlertEmailed(DateTimeOffset occurredAt, DateTimeOffset sentAt) => _toEmail.Record(Seconds(occurredAt, sentAt));
    public void EmailFailed(bool willRetry) => _emailsFailed.Add(1, new KeyValuePair<string, object?>("retry", willRetry));

    // A clock behind the Store's would give negative delays; they count as zero.
    private static double Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);
}
