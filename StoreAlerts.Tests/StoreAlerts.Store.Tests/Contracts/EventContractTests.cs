using System.Text.Json.Nodes;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Contracts;

public sealed class EventContractTests
{
    private static readonly string GoldenFile = Path.Combine(AppContext.BaseDirectory, "contracts", "store-alert-event.v1.json");

    [Fact]
    public void Serialized_event_has_exactly_the_golden_sample_shape()
    {
        var store = new StoreDocument
        {
            Id = "6650a1b2c3d4e5f601234567",
            Name = "Zara",
            Address = "Gran Via 32, Madrid",
            Status = StoreStatus.CLOSED,
            UpdateTimestamp = new DateTime(2026, 11, 26, 21, 0, 0, DateTimeKind.Utc),
            LastModifiedBy = "admin",
        };

        var json = StoreAlertEvent.ForUpdate(Guid.Parse("3f0c9a4e-2b1d-4c7a-9e55-0d6f1a2b3c4d"), store, StoreStatus.OPEN).Serialize();

        var golden = JsonNode.Parse(File.ReadAllText(GoldenFile))!;
        Assert.Equal(golden.ToJsonString(), JsonNode.Parse(json)!.ToJsonString());
    }

    [Fact]
    public void Absent_statuses_and_user_are_written_as_null_not_left_out()
    {
        var store = new StoreDocument { Id = "6650a1b2c3d4e5f601234567", Name = "Zara", Address = "x", UpdateTimestamp = DateTime.UtcNow };

        var json = JsonNode.Parse(StoreAlertEvent.ForUpdate(Guid.NewGuid(), store, previousStatus: null).Serialize())!.AsObject();

        Assert.True(json.ContainsKey("storeStatus") && json["storeStatus"] is null);
        Assert.True(json.ContainsKey("previousStatus") && json["previousStatus"] is null);
        Assert.True(json.ContainsKey("changedBy") && json["changedBy"] is null);
    }
}
