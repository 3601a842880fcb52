using MongoDB.Driver;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>The indexes of the <c>stores</c> collection: one per sortable field (with the id as tie-breaker) and the outbox's.</summary>
internal static class MongoStoreIndexes
{
    private static readonly IndexKeysDefinitionBuilder<StoreDocument> Keys = Builders<StoreDocument>.IndexKeys;

    public static readonly IReadOnlyList<CreateIndexModel<StoreDocument>> All =
    [
        // The text sorts run with the case-insensitive collation, so their indexes carry it (a query uses an index only under the same collation).
        new(Keys.Ascending(s => s.Name).Ascending(s => s.Id), new CreateIndexOptions { Collation = MongoStoreQueries.CaseInsensitive }),
        new(Keys.Ascending(s => s.Address).Ascending(s => s.Id), new CreateIndexOptions { Collation = MongoStoreQueries.CaseInsensitive }),
        new(Keys.Ascending(s => s.Status).Ascending(s => s.Id), new CreateIndexOptions { Name = "status_id" }),
        new(Keys.Ascending(s => s.CreateTimestamp).Ascending(s => s.Id), new CreateIndexOptions { Name = "createTimestamp_id" }),
        new(Keys.Ascending(s => s.UpdateTimestamp).Ascending(s => s.Id), new CreateIndexOptions { Name = "updateTimestamp_id" }),
        new(Keys.Ascending("pendingEvents.occurredAt"), new CreateIndexOptions<StoreDocument>
        {
            Name = "pendingEvents_oldestFirst",
            PartialFilterExpression = MongoStoreQueries.HasPendingEvents,
        }),
        new(Keys.Ascending(s => s.DeletedAt), new CreateIndexOptions<StoreDocument>
        {
            Name = "deletedAt",
            PartialFilterExpression = Builders<StoreDocument>.Filter.Exists(s => s.DeletedAt),
        }),
    ];

    /// <summary>Indexes of earlier versions that the ones above replace: collated where no collation is used, or a partial filter that counted empty arrays.</summary>
    public static readonly IReadOnlyList<string> Replaced =
        ["status_1__id_1", "createTimestamp_1__id_1", "updateTimestamp_1__id_1", "pendingEvents.occurredAt_1"];
}
