using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>
/// Stores in MongoDB. Every write is one single-document operation filtered on the version, so the
/// change and its pending event are atomic without a replica set. <c>pendingEvents</c> is absent when
/// empty, which lets a partial index find the outbox's work without a scan.
/// </summary>
public sealed class MongoStoreRepository : IStoreRepository
{
    // Case-insensitive order for name and address, the same as LiteDB's; the indexes use it too.
    private static readonly Collation CaseInsensitive = new("en", strength: CollationStrength.Secondary);

    private static readonly FilterDefinitionBuilder<StoreDocument> Filter = Builders<StoreDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<StoreDocument> Update = Builders<StoreDocument>.Update;
    private static readonly FilterDefinition<StoreDocument> NotDeleted = Filter.Eq(s => s.DeletedAt, null);
    private static readonly FilterDefinition<StoreDocument> HasPendingEvents = Filter.Exists(s => s.PendingEvents);

    private readonly IMongoCollection<StoreDocument> _stores;

    public MongoStoreRepository(IMongoDatabase database)
    {
        MongoStoreMapping.Register();
        _stores = database.GetCollection<StoreDocument>("stores");
    }

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<StoreDocument>.IndexKeys;
        await _stores.Indexes.CreateManyAsync(
        [
            new(keys.Ascending(s => s.Name).Ascending(s => s.Id), new CreateIndexOptions { Collation = CaseInsensitive }),
            new(keys.Ascending(s => s.Address).Ascending(s => s.Id), new CreateIndexOptions { Collation = CaseInsensitive }),
            new(keys.Ascending(s => s.Status).Ascending(s => s.Id), new CreateIndexOptions { Collation = CaseInsensitive }),
            new(keys.Ascending(s => s.CreateTimestamp).Ascending(s => s.Id), new CreateIndexOptions { Collation = CaseInsensitive }),
            new(keys.Ascending(s => s.UpdateTimestamp).Ascending(s => s.Id), new CreateIndexOptions { Collation = CaseInsensitive }),
            new(keys.Ascending("pendingEvents.occurredAt"), new CreateIndexOptions<StoreDocument> { PartialFilterExpression = HasPendingEvents }),
        ], cancellationToken);
    }

    public async Task<StoreDocument?> FindAsync(string id, CancellationToken cancellationToken) =>
        IsObjectId(id) ? await _stores.Find(Filter.Eq(s => s.Id, id) & NotDeleted).FirstOrDefaultAsync(cancellationToken) : null;

    public async Task<StorePage> ListAsync(StoreQuery query, CancellationToken cancellationToken)
    {
        var filter = NotDeleted;
        if (query.NameContains is { } name)
        {
            filter &= Filter.Regex(s => s.Name, new BsonRegularExpression(Regex.Escape(name), "i"));
        }

        if (query.Status is { } status)
        {
            filter &= Filter.Eq(s => s.Status, (StoreStatus?)status);
        }

        var options = new FindOptions { Collation = CaseInsensitive };
        var items = await _stores.Find(filter, options)
            .Sort(Sort(query))
            .Skip(query.Offset)
            .Limit(query.Size)
            .ToListAsync(cancellationToken);
        var total = await _stores.CountDocumentsAsync(filter, new CountOptions { Collation = CaseInsensitive }, cancellationToken);
        return new StorePage(items, total);
    }

    public Task InsertAsync(StoreDocument store, CancellationToken cancellationToken) =>
        _stores.InsertOneAsync(store, cancellationToken: cancellationToken);

    public async Task<bool> TryUpdateAsync(StoreDocument store, PendingEvent pendingEvent, CancellationToken cancellationToken)
    {
        if (!IsObjectId(store.Id))
        {
            return false;
        }

        var result = await _stores.UpdateOneAsync(
            Filter.Eq(s => s.Id, store.Id) & Filter.Eq(s => s.Version, store.Version - 1) & NotDeleted,
            Update.Set(s => s.Name, store.Name)
                .Set(s => s.Address, store.Address)
                .Set(s => s.Status, store.Status)
                .Set(s => s.UpdateTimestamp, store.UpdateTimestamp)
                .Set(s => s.Version, store.Version)
                .Push(s => s.PendingEvents, pendingEvent),
            cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    public async Task<bool> TryDeleteAsync(string id, long expectedVersion, DateTime deletedAt, CancellationToken cancellationToken)
    {
        if (!IsObjectId(id))
        {
            return false;
        }

        var expected = Filter.Eq(s => s.Id, id) & Filter.Eq(s => s.Version, expectedVersion) & NotDeleted;
        var deleted = await _stores.DeleteOneAsync(expected & !HasPendingEvents, cancellationToken);
        if (deleted.DeletedCount == 1)
        {
            return true;
        }

        var hidden = await _stores.UpdateOneAsync(expected,
            Update.Set(s => s.DeletedAt, deletedAt).Inc(s => s.Version, 1), cancellationToken: cancellationToken);
        if (hidden.ModifiedCount == 0)
        {
            return false;
        }

        await PurgeIfDoneAsync(id, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<StoreDocument>> FindWithPendingEventsAsync(int maxStores, CancellationToken cancellationToken) =>
        await _stores.Find(HasPendingEvents)
            .Sort(Builders<StoreDocument>.Sort.Ascending("pendingEvents.occurredAt"))
            .Limit(maxStores)
            .ToListAsync(cancellationToken);

    public async Task RemovePendingEventsAsync(string storeId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        if (!IsObjectId(storeId))
        {
            return;
        }

        var store = Filter.Eq(s => s.Id, storeId);
        await _stores.UpdateOneAsync(store,
            Update.PullFilter(s => s.PendingEvents, Builders<PendingEvent>.Filter.In(e => e.EventId, eventIds)),
            cancellationToken: cancellationToken);
        // Only an array that is still empty is removed, so an event pushed meanwhile is never lost.
        await _stores.UpdateOneAsync(store & Filter.Size(s => s.PendingEvents, 0),
            Update.Unset(s => s.PendingEvents), cancellationToken: cancellationToken);
        await PurgeIfDoneAsync(storeId, cancellationToken);
    }

    // The id is stored as an ObjectId, so a malformed one cannot even be rendered into a filter: it is simply not there.
    // ObjectId parsing ignores case; the API does not (see StoreIds), so an uppercase spelling is not found here either.
    private static bool IsObjectId(string id) => StoreIds.IsWellFormed(id);

    private Task PurgeIfDoneAsync(string id, CancellationToken cancellationToken) =>
        _stores.DeleteOneAsync(Filter.Eq(s => s.Id, id) & Filter.Ne(s => s.DeletedAt, null) & !HasPendingEvents, cancellationToken);

    private static SortDefinition<StoreDocument> Sort(StoreQuery query)
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
}
