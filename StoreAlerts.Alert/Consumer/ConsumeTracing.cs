using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// The consumer's spans, after OpenTelemetry's messaging conventions (ADR-011). One <c>receive {topic}</c> span per batch:
/// it continues the trace of the batch's first record and links every record's publish span, since it handles them all;
/// the batch's insert runs under it. One <c>process {topic}</c> span per record, a child of that record's publish span, so
/// every edit's trace shows its own processing whatever batch it came in.
/// </summary>
internal static class ConsumeTracing
{
    private const string TraceParentHeader = "traceparent";

    public static Activity? StartReceive(string topic, IReadOnlyList<ConsumeResult<string, string>> batch)
    {
        var contexts = batch.Select(r => r.Message.Headers.ExtractTraceContext()).Where(c => c != default).ToList();
        return AlertTracing.Source.StartActivity($"receive {topic}", ActivityKind.Consumer, contexts.FirstOrDefault(),
            [
                new("messaging.system", "kafka"),
                new("messaging.operation.type", "receive"),
                new("messaging.operation.name", "receive"),
                new("messaging.destination.name", topic),
                new("messaging.batch.message_count", batch.Count),
            ],
            contexts.Select(c => new ActivityLink(c)));
    }

    public static Activity? StartProcess(ConsumeResult<string, string> record) =>
        AlertTracing.Source.StartActivity($"process {record.Topic}", ActivityKind.Consumer, record.Message.Headers.ExtractTraceContext(),
            [
                new("messaging.system", "kafka"),
                new("messaging.operation.type", "process"),
                new("messaging.operation.name", "process"),
                new("messaging.destination.name", record.Topic),
                new("messaging.destination.partition.id", record.Partition.Value.ToString()),
                new("messaging.kafka.offset", record.Offset.Value),
                new("messaging.kafka.message.key", record.Message.Key),
            ]);

    /// <summary>
    /// The trace context kept with the alert's row, so its email's send span joins the edit's trace later: the process span,
    /// or the record's own header when nothing listens to this service's spans (kept only when it is a valid one).
    /// </summary>
    public static string? TraceParent(ConsumeResult<string, string> record, Activity? process)
    {
        if (process?.Id is { } id)
        {
            return id;
        }

        return record.Message.Headers?.TryGetLastBytes(TraceParentHeader, out var bytes) == true
            && Encoding.UTF8.GetString(bytes) is var header && header.Length <= AlertDbContext.MaxTraceParentLength
            && ActivityContext.TryParse(header, null, out _)
            ? header
            : null;
    }
}
