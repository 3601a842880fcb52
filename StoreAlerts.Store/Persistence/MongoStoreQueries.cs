using System.Globalization;
using System.Text;
using MongoDB.Bson;
using MongoDB.Driver;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>
/// The filters, sorts, projections and updates the MongoDB repository sends, kept apart so they can be rendered
/// with the driver's own serializers and checked without a server.
/// </summary>
internal static class MongoStoreQueries
{
    private const string RegexMetacharacters = @"\^$.|?*+()[]{}";

    /// <summary>Case-insensitive order for name and address, the same as LiteDB's; only the indexes on those two carry it.</summary>
    public static readonly Collation CaseInsensitive = new("en", strength: CollationStrength.Secondary);

    private static readonly FilterDefinitionBuilder<StoreDocument> Filter = Builders<StoreDocument>.Filter;

    public static readonly FilterDefinition<StoreDocument> NotDeleted = Filter.Eq(s => s.DeletedAt, null);

    /// <summary>
    /// "Has a first pending event", not "has the field": an empty array (which an older version could leave after a crash)
    /// is no work, must not hide real work from the relay and the health check, and must not keep a deleted store alive.
    /// </summary>
    public static readonly FilterDefinition<StoreDocument> HasPendingEvents = Filter.Exists("pendingEvents.0");

    public static readonly FilterDefinition<StoreDocument> DeletedWithoutPendingEvents =
        Filter.Exists(s => s.DeletedAt) & Filter.Ne(s => s.DeletedAt, null) & !HasPendingEvents;

    /// <summary>Sorting on an array field orders by its smallest element: the store whose oldest event waited longest comes first.</summary>
    public static readonly SortDefinition<StoreDocument> OldestPendingEventFirst = Builders<StoreDocument>.Sort.Ascending("pendingEvents.occurredAt");

    /// <summary>Reads for the API never carry the outbox, which can be far larger than the store itself during a Kafka outage.</summary>
    public static readonly ProjectionDefinition<StoreDocument> WithoutPendingEvents = Builders<StoreDocument>.Projection.Exclude(s => s.PendingEvents);

    /// <summary>True while the store holds fewer than <paramref name="limit"/> pending events (element <c>limit - 1</c> does not exist).</summary>
    public static FilterDefinition<StoreDocument> HasRoomForAnotherEvent(int limit) =>
        Filter.Exists($"pendingEvents.{(limit - 1).ToString(CultureInfo.InvariantCulture)}", exists: false);

    public static FilterDefinition<StoreDocument> ListFilter(StoreQuery query)
    {
        var filter = NotDeleted;
        if (query.NameContains is { } name)
        {
            filter &= Filter.Regex(s => s.Name, new BsonRegularExpression(LiteralPattern(name), "i"));
        }

        if (query.Status is { } status)
        {
            filter &= Filter.Eq(s => s.Status, (StoreStatus?)status);
        }

        return filter;
    }

    /// <summary>Only the text sorts need the case-insensitive collation; the others keep the simple one, so the id order uses <c>_id</c>'s index.</summary>
    public static Collation? CollationFor(StoreSortField sort) =>
        sort is StoreSortField.Name or StoreSortField.Address ? CaseInsensitive : null;

    public static SortDefinition<StoreDocument> Sort(StoreQuery query)
    {
        var sort = Builders<StoreDocument>.Sort;
        var field = query.Sort switch
        {
            StoreSortField.Id => "_id",
            StoreSortField.Name => "name",
            StoreSortField.Address => "address",
            StoreSortField.Status => "status",
            StoreSortField.CreateTimestamp => "createTimestamp",
            _ => "updateTimestamp",
        };
        var primary = query.Descending ? sort.Descending(field) : sort.Ascending(field);
        return field == "_id" ? primary : sort.Combine(primary, query.Descending ? sort.Descending("_id") : sort.Ascending("_id"));
    }

    /// <summary>
    /// One atomic update: keeps the events not named, and removes the field when none is left, so no crash can leave an
    /// empty array behind. Event ids are written as standard UUIDs, as the mapping stores them.
    /// </summary>
    public static UpdateDefinition<StoreDocument> RemovePendingEvents(IEnumerable<Guid> eventIds)
    {
        var ids = new BsonArray(eventIds.Select(id => new BsonBinaryData(id, GuidRepresentation.Standard)));
        var left = new BsonDocument("$filter", new BsonDocument
        {
            { "input", new BsonDocument("$ifNull", new BsonArray { "$pendingEvents", new BsonArray() }) },
            { "cond", new BsonDocument("$not", new BsonArray { new BsonDocument("$in", new BsonArray { "$$this.eventId", ids }) }) },
        });
        var stage = new BsonDocument("$set", new BsonDocument("pendingEvents", new BsonDocument("$let", new BsonDocument
        {
            { "vars", new BsonDocument("left", left) },
            { "in", new BsonDocument("$cond", new BsonArray { new BsonDocument("$gt", new BsonArray { new BsonDocument("$size", "$$left"), 0 }), "$$left", "$$REMOVE" }) },
        })));
        return Builders<StoreDocument>.Update.Pipeline(new BsonDocumentStagePipelineDefinition<StoreDocument, StoreDocument>([stage]));
    }

    /// <summary>
    /// A PCRE pattern matching <paramref name="text"/> literally. Control characters go as <c>\xHH</c> escapes: a BSON
    /// regular expression is a C string, so a raw NUL cannot even be sent. The metacharacters are backslash-escaped.
    /// </summary>
    public static string LiteralPattern(string text)
    {
        var pattern = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsControl(c) && c < 0x80)
            {
                pattern.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else if (RegexMetacharacters.Contains(c))
            {
                pattern.Append('\\').Append(c);
            }
            else
            {
                pattern.Append(c);
            }
        }

        return pattern.ToString();
    }
}
