using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Persistence;

/// <summary>
/// What the MongoDB repository sends, rendered with the driver's own serializers and written as BSON (where NUL bytes and
/// GUID representations fail), checked without a server. Whether the server then uses the indexes waits for a live run.
/// </summary>
public sealed class MongoQueryTests
{
    private static readonly RenderArgs<StoreDocument> Args;

    static MongoQueryTests()
    {
        MongoStoreMapping.Register();
        Args = new RenderArgs<StoreDocument>(BsonSerializer.LookupSerializer<StoreDocument>(), BsonSerializer.SerializerRegistry);
    }

    [Fact]
    public void Pending_work_means_a_first_event_so_an_empty_array_is_none()
    {
        var outboxIndex = Assert.Single(MongoStoreIndexes.All, i => i.Options.Name == "pendingEvents_oldestFirst");

        Assert.Equal(Parse("""{ "pendingEvents.0": { "$exists": true } }"""), Render(MongoStoreQueries.HasPendingEvents));
        Assert.Equal(Parse("""{ "pendingEvents.occurredAt": 1 }"""), outboxIndex.Keys.Render(Args));
        Assert.Equal(Parse("""{ "pendingEvents.occurredAt": 1 }"""), MongoStoreQueries.OldestPendingEventFirst.Render(Args));
        // The relay's filter is the index's partial filter, so the planner can use that index for it.
        Assert.Equal(Render(MongoStoreQueries.HasPendingEvents), Render(((CreateIndexOptions<StoreDocument>)outboxIndex.Options).PartialFilterExpression));
        Assert.Equal(Parse("""{ "deletedAt": { "$exists": true, "$ne": null }, "pendingEvents.0": { "$exists": false } }"""),
            Render(MongoStoreQueries.DeletedWithoutPendingEvents));
        Assert.Contains("pendingEvents.occurredAt_1", MongoStoreIndexes.Replaced);
    }

    [Fact]
    public void Removing_delivered_events_is_one_update_that_drops_the_field_when_none_is_left()
    {
        var delivered = new[] { Guid.Parse("3f0c9a4e-2b1d-4c7a-9e55-0d6f1a2b3c4d"), Guid.Parse("0190a6b2-0000-7000-8000-000000000001") };

        var update = MongoStoreQueries.RemovePendingEvents(delivered).Render(Args);

        var stage = Assert.Single(update.AsBsonArray).AsBsonDocument;
        var ids = new BsonArray(delivered.Select(id => new BsonBinaryData(id, GuidRepresentation.Standard)));
        var expected = Parse("""
            { "$set": { "pendingEvents": { "$let": {
                "vars": { "left": { "$filter": {
                    "input": { "$ifNull": ["$pendingEvents", []] },
                    "cond": { "$not": [{ "$in": ["$$this.eventId", "IDS"] }] } } } },
                "in": { "$cond": [{ "$gt": [{ "$size": "$$left" }, 0] }, "$$left", "$$REMOVE"] } } } } }
            """);
        expected["$set"]["pendingEvents"]["$let"]["vars"]["left"]["$filter"]["cond"]["$not"][0]["$in"][1] = ids;
        Assert.Equal(expected, stage);
        Assert.All(ids, id => Assert.Equal(BsonBinarySubType.UuidStandard, id.AsBsonBinaryData.SubType));
        Assert.NotEmpty(stage.ToBson());
    }

    [Theory]
    [InlineData("a\0b", @"a\x00b")]
    [InlineData("a.b (1", @"a\.b \(1")]
    [InlineData("50% off", "50% off")]
    [InlineData("tab\there\r\n", @"tab\x09here\x0D\x0A")]
    [InlineData(@"[x]{2}^$|\?*+", @"\[x\]\{2\}\^\$\|\\\?\*\+")]
    [InlineData("Café #1 - 日本", "Café #1 - 日本")]
    public void Name_filter_is_a_literal_case_insensitive_pattern_that_bson_can_carry(string name, string pattern)
    {
        var filter = Render(MongoStoreQueries.ListFilter(new StoreQuery(0, 20, NameContains: name)));

        Assert.Equal(new BsonDocument { ["deletedAt"] = BsonNull.Value, ["name"] = new BsonRegularExpression(pattern, "i") }, filter);
        var written = BsonSerializer.Deserialize<BsonDocument>(filter.ToBson());
        Assert.Equal(pattern, written["name"].AsBsonRegularExpression.Pattern);
        // PCRE and .NET read these escapes the same way: the pattern finds the name inside a longer one, in any case, and nothing else.
        var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        Assert.Matches(regex, $"<{name.ToUpperInvariant()}>");
        Assert.DoesNotMatch(regex, name.Length > 1 ? name[1..] + name[0] : "");
    }

    [Fact]
    public void A_raw_nul_in_a_bson_regular_expression_cannot_be_written()
    {
        var raw = new BsonDocument("name", new BsonRegularExpression("a\0b", "i"));

        Assert.Contains("cannot contain null bytes", Assert.Throws<ArgumentException>(() => raw.ToBson()).Message);
    }

    [Theory]
    [InlineData(StoreSortField.Id, false, """{ "_id": 1 }""", false)]
    [InlineData(StoreSortField.Id, true, """{ "_id": -1 }""", false)]
    [InlineData(StoreSortField.Name, false, """{ "name": 1, "_id": 1 }""", true)]
    [InlineData(StoreSortField.Address, true, """{ "address": -1, "_id": -1 }""", true)]
    [InlineData(StoreSortField.Status, false, """{ "status": 1, "_id": 1 }""", false)]
    [InlineData(StoreSortField.CreateTimestamp, false, """{ "createTimestamp": 1, "_id": 1 }""", false)]
    [InlineData(StoreSortField.UpdateTimestamp, true, """{ "updateTimestamp": -1, "_id": -1 }""", false)]
    public void Only_text_sorts_use_the_case_insensitive_collation_and_each_sort_has_an_index_under_the_same_collation(
        StoreSortField field, bool descending, string sort, bool caseInsensitive)
    {
        var rendered = MongoStoreQueries.Sort(new StoreQuery(0, 20, field, descending)).Render(Args);
        var collation = MongoStoreQueries.CollationFor(field);

        Assert.Equal(Parse(sort), rendered);
        Assert.Equal(caseInsensitive ? """{ "locale" : "en", "strength" : 2 }""" : null, collation?.ToBsonDocument().ToJson());
        if (field != StoreSortField.Id)
        {
            var index = Assert.Single(MongoStoreIndexes.All, i => i.Keys.Render(Args).Names.First() == rendered.Names.First());
            Assert.Equal(collation?.ToBsonDocument(), index.Options.Collation?.ToBsonDocument());
            Assert.Equal("_id", index.Keys.Render(Args).Names.Last());
        }
    }

    [Fact]
    public void Reads_leave_pending_events_out_and_a_full_outbox_stops_the_update_filter()
    {
        Assert.Equal(Parse("""{ "pendingEvents": 0 }"""), MongoStoreQueries.WithoutPendingEvents.Render(Args));
        Assert.Equal(Parse("""{ "pendingEvents.999": { "$exists": false } }"""), Render(MongoStoreQueries.HasRoomForAnotherEvent(PendingEventsLimitException.DefaultLimit)));
        Assert.Equal(Parse("""{ "deletedAt": null, "status": "OPEN" }"""), Render(MongoStoreQueries.ListFilter(new StoreQuery(0, 20, Status: StoreStatus.OPEN))));
    }

    private static BsonDocument Render(FilterDefinition<StoreDocument> filter) => filter.Render(Args);

    private static BsonDocument Parse(string json) => BsonDocument.Parse(json);
}
