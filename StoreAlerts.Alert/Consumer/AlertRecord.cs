using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>A record read from Kafka and found valid: everything needed to store the alert.</summary>
public sealed record AlertRecord(
    string EventId,
    string? StoreId,
    string StoreName,
    string? StoreAddress,
    string StoreStatus,
    string? PreviousStatus,
    DateTimeOffset OccurredAt,
    TopicPartitionOffset Source,
    bool IsLegacy);
