using System.Text.Json;
using System.Text.Json.Nodes;

namespace StoreAlerts.Alert.Tests;

/// <summary>Builds event JSON the way the Store sends it (ADR-006), each with fresh ids.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset OccurredAt = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    /// <param name="ChangedBy">The optional <c>changedBy</c>; left out of the JSON when null, as in events older than it.</param>
    public sealed record Event(string EventId, string StoreId, string StoreName, string? StoreAddress, string StoreStatus, string? PreviousStatus,
        string? ChangedBy = null)
    {
        public string Json
        {
            get
            {
                var json = Fields();
                if (ChangedBy is not null)
                {
                    json["changedBy"] = ChangedBy;
                }

                return json.ToJsonString();
            }
        }

        private JsonObject Fields() => JsonSerializer.SerializeToNode(new
        {
            eventId = EventId,
            schemaVersion = 1,
            storeId = StoreId,
            storeName = StoreName,
            storeAddress = StoreAddress,
            storeStatus = StoreStatus,
            previousStatus = PreviousStatus,
            occurredAt = OccurredAt,
        })!.AsObject();
    }

    public static Event New(string? name = null, string status = "CLOSED", string? previous = "OPEN", string? address = "Gran Via 32, Madrid",
        string? changedBy = null) =>
        new(Guid.NewGuid().ToString(), StoreId(), name ?? $"Zara {Guid.NewGuid():N}"[..13], address, status, previous, changedBy);

    public static string StoreId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24];
}
