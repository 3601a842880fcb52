using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Persistence;

/// <summary>The BSON shape of a store, checked without a server (the contract suite needs one).</summary>
public sealed class MongoMappingTests
{
    public MongoMappingTests() => MongoStoreMapping.Register();

    [Fact]
    public void Store_is_stored_with_camel_case_names_object_id_string_status_and_standard_guids()
    {
        var store = new StoreDocument
        {
            Id = "6650a1b2c3d4e5f601234567",
            Name = "Zara",
            Address = "Gran Via 32",
            Status = StoreStatus.CLOSED,
            CreateTimestamp = new DateTime(2026, 11, 26, 21, 0, 0, DateTimeKind.Utc),
            CreatedBy = "ana",
            LastModifiedBy = "admin",
            Version = 2,
            PendingEvents = [new PendingEvent { EventId = Guid.Parse("3f0c9a4e-2b1d-4c7a-9e55-0d6f1a2b3c4d"), Payload = "{}" }],
        };

        var bson = store.ToBsonDocument();

        Assert.Equal(BsonObjectId.Create(ObjectId.Parse(store.Id)), bson["_id"]);
        Assert.Equal("CLOSED", bson["status"].AsString);
        Assert.Equal(2, bson["version"].ToInt64());
        Assert.Equal(BsonType.DateTime, bson["createTimestamp"].BsonType);
        Assert.False(bson.Contains("deletedAt"));
        Assert.Equal(("ana", "admin"), (bson["createdBy"].AsString, bson["lastModifiedBy"].AsString));
        var eventId = bson["pendingEvents"][0]["eventId"].AsBsonBinaryData;
        Assert.Equal(BsonBinarySubType.UuidStandard, eventId.SubType);
        var back = BsonSerializer.Deserialize<StoreDocument>(bson);
        Assert.Equal((store.Id, store.Name, store.Status, store.CreateTimestamp, store.CreatedBy, store.LastModifiedBy, store.PendingEvents[0].EventId),
            (back.Id, back.Name, back.Status, back.CreateTimestamp, back.CreatedBy, back.LastModifiedBy, back.PendingEvents[0].EventId));
    }

    [Fact]
    public void A_store_without_pending_events_has_no_pending_events_field_so_the_partial_index_skips_it()
    {
        var bson = new StoreDocument { Id = "6650a1b2c3d4e5f601234567", Name = "Zara", Address = "x", Status = null }.ToBsonDocument();

        Assert.False(bson.Contains("pendingEvents"));
        Assert.Empty(BsonSerializer.Deserialize<StoreDocument>(bson).PendingEvents);
    }

    [Fact]
    public void A_store_written_before_authors_were_recorded_reads_with_none()
    {
        var bson = BsonDocument.Parse("""
            { "_id": { "$oid": "6650a1b2c3d4e5f601234567" }, "name": "Zara", "address": "x", "status": null,
              "createTimestamp": { "$date": "2026-11-26T21:00:00Z" }, "updateTimestamp": null, "version": 1 }
            """);

        var store = BsonSerializer.Deserialize<StoreDocument>(bson);

        Assert.Equal(("Zara", (string?)null, (string?)null), (store.Name, store.CreatedBy, store.LastModifiedBy));
    }
}
