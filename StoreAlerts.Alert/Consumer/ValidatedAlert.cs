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
    TopicPartitionOffset Source);
