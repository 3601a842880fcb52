using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>An event that passed validation: everything needed to store its alert, and where in the log it came from.</summary>
public sealed record ValidatedAlert(
    string EventId,
    string? StoreId,
    string StoreName,
    string? StoreAddress,
    string StoreStatus,
    string? PreviousStatus,
    DateTimeOffset OccurredAt,
    string? ChangedBy,
    TopicPartitionOffset Source)
{
    /// <summary>The W3C <c>traceparent</c> of the record's processing, kept with the row for the email's send span.</summary>
    public string? TraceParent { get; init; }
}
