using System.Diagnostics.Metrics;

namespace StoreAlerts.Store.Outbox;

/// <summary>
/// The outbox as the relay last saw it, exported under the meter <c>StoreAlerts.Store</c>: events still waiting, the age of
/// the oldest, and how long each event took from its write to Kafka's delivery report.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "StoreAlerts.Store";

    private readonly Histogram<double> _publishDelay;
    private readonly TimeProvider _time;
    private volatile State _state = new(0, null);

    public OutboxMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("storealerts.outbox.pending", () => _state.Pending, "{event}",
            "Events written but not yet delivered to Kafka, as of the relay's last round (at most its batch of stores).");
        meter.CreateObservableGauge("storealerts.outbox.oldest_age", () => _state.Oldest is { } oldest ? Math.Max(0, (_time.GetUtcNow().UtcDateTime - oldest).TotalSeconds) : 0,
            "s", "How long the oldest undelivered event has waited, as of the relay's last round.");
        _publishDelay = meter.CreateHistogram<double>("storealerts.outbox.publish.delay", "s", "From an event's write to its delivery report from Kafka.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
    }

    /// <summary>What a round left waiting: how many events, and when the oldest of them was written.</summary>
    public void RoundEnded(int pending, DateTime? oldestOccurredAt) => _state = new(pending, oldestOccurredAt);

    public void Delivered(DateTime occurredAt) => _publishDelay.Record(Math.Max(0, (_time.GetUtcNow().UtcDateTime - occurredAt).TotalSeconds));

    private sealed record State(int Pending, DateTime? Oldest);
}
