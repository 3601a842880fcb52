namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// The Alert service's own view of the event on <c>topic_alert</c> (ADR-006).
/// Every field is optional here so that a missing one is reported by name instead of failing deserialization.
/// </summary>
public sealed record StoreAlertEvent(
    string? EventId,
    int? SchemaVersion,
    string? StoreId,
    string? StoreName,
    string? StoreAddress,
    string? StoreStatus,
    string? PreviousStatus,
    DateTimeOffset? OccurredAt,
    string? ChangedBy);
