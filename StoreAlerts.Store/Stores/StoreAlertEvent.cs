using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using StoreAlerts.Store.Outbox;

namespace StoreAlerts.Store.Stores;

/// <summary>The store-alert event, schema version 1 (ADR-006). The Alert service owns its own copy.</summary>
public sealed record StoreAlertEvent(
    Guid EventId,
    int SchemaVersion,
    string StoreId,
    string StoreName,
    string? StoreAddress,
    StoreStatus? StoreStatus,
    StoreStatus? PreviousStatus,
    DateTime OccurredAt,
    string? ChangedBy)
{
    public const int CurrentSchemaVersion = 1;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static StoreAlertEvent ForUpdate(Guid eventId, StoreDocument updated, StoreStatus? previousStatus) => new(
        eventId, CurrentSchemaVersion, updated.Id, updated.Name, updated.Address, updated.Status, previousStatus,
        updated.UpdateTimestamp ?? throw new ArgumentException("An updated store has an update timestamp.", nameof(updated)),
        updated.LastModifiedBy);

    public string Serialize() => JsonSerializer.Serialize(this, SerializerOptions);

    public PendingEvent ToPendingEvent(Activity? requestActivity) => new()
    {
        EventId = EventId,
        Payload = Serialize(),
        TraceParent = requestActivity?.Id,
        TraceState = requestActivity?.TraceStateString,
        OccurredAt = OccurredAt,
    };
}
