using System.Text.Json;

namespace StoreAlerts.Alert.Tests;

/// <summary>Builds event JSON the way the Store sends it (ADR-006), each with fresh ids.</summary>
public static class TestEvents
{
    public static readonly DateTimeOffset OccurredAt = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    public sealed record Event(string EventId, string StoreId, string StoreName, string? StoreAddress, string StoreStatus, string? PreviousStatus)
    {
        public string Json => JsonSerializer.Serialize(new
        {
            eventId = EventId,
            schemaVersion = 1,
            storeId = StoreId,
            storeName = StoreName,
            storeAddress = StoreAddress,
            storeStatus = StoreStatus,
            previousStatus = PreviousStatus,
            occurredAt = OccurredAt,
        });
    }

    public static Event New(string? name = null, string status = "CLOSED", string? previous = "OPEN", string? address = "Gran Via 32, Madrid") =>
        new(Guid.NewGuid().ToString(), StoreId(), name ?? $"Zara {Guid.NewGuid():N}"[..13], address, status, previous);

    public static string StoreId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24];
}
