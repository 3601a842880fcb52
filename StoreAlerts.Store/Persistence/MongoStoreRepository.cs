using MongoDB.Bson;
using MongoDB.Driver;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>
/// Stores in MongoDB. Every write is one single-document operation filtered on the version, so the
/// change and its pending event are atomic without a replica set. <c>pendingEvents</c> is absent when
/// empty; "has pending events" means "has a first element", so an empty array left by an older version
/// never counts as work (see <see cref="MongoStoreQueries"/>).
/// </summary>
public sealed class MongoStoreRepository : IStoreRepository
{
    private static readonly FilterDefinitionBuilder<StoreDocument> Filter = Builders<StoreDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<StoreDocument> Update = Builders<StoreDocument>.Update;

    private readonly IMongoCollection<StoreDocument> _stores;
    private readonly int _maxPendingEvents;

    public MongoStoreRepository(IMongoDatabase database, int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingEventsPerStore, 1);
        MongoStoreMapping.Register();
        _stores = database.GetCollection<StoreDocument>("stores");
        _maxPendingEvents = maxPendingEventsPerStore;
    }

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        foreach (var legacy in MongoStoreIndexes.Replaced)
        {
            await DropIfPresentAsync(legacy, cancellationToken);
        }

        await _stores.Indexes.CreateManyAsync(MongoStoreIndexes.All, cancellationToken);
    }

    /// <summary>
    /// Removes deleted stores whose events are all out: the purge after the last removal is a separate write,
    /// and a crash between the two would otherwise hide such a store forever. Run at start-up.
    /// </summary>
    public Task PurgeDeletedStoresAsync(CancellationToken cancellationToken) =>
        _stores.DeleteManyAsync(MongoStoreQueries.DeletedWithoutPendingEvents, cancellationToken);

    public async Task<StoreDocument?> FindAsync(string id, CancellationToken cancellationToken) =>
        IsObjectId(id)
            ? await _stores.Find(Filter.Eq(s => s.Id, id) & MongoStoreQueries.NotDeleted)
                .Project<StoreDocument>(MongoStoreQueries.WithoutPendingEvents)
                .FirstOrDefaultAsync(cancellationToken)
            : null;

    public async Task<StorePage> ListAsync(StoreQuery query, CancellationToken cancellationToken)
    {
        var filter = MongoStoreQueries.ListFilter(query);
        var collation = MongoStoreQueries.CollationFor(query.Sort);
        var items = await _stores.Find(filter, new FindOptions { Collation = collation })
            .Project<StoreDocument>(MongoStoreQueries.WithoutPendingEvents)
            .Sort(MongoStoreQueries.Sort(query))
            .Skip(query.Offset)
            .Limit(query.Size)
            .ToListAsync(cancellationToken);
        var total = await _stores.CountDocumentsAsync(filter, new CountOptions { Collation = collation }, cancellationToken);
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

        var expected = Filter.Eq(s => s.Id, store.Id) & Filter.Eq(s => s.Version, store.Version - 1) & MongoStoreQueries.NotDeleted;
        var result = await _stores.UpdateOneAsync(
            expected & MongoStoreQueries.HasRoomForAnotherEvent(_maxPendingEvents),
            Update.Set(s => s.Name, store.Name)
                .Set(s => s.Address, store.Address)
                .Set(s => s.Status, store.Status)
                .Set(s => s.UpdateTimestamp, store.UpdateTimestamp)
                .Set(s => s.LastModifiedBy, store.LastModifiedBy)
                .Set(s => s.Version, store.Version)
                .Push(s => s.PendingEvents, pendingEvent),
            cancellationToken: cancellationToken);
        if (result.ModifiedCount == 1)
        {
            return true;
        }

        // Not written: either the version moved on (the caller's business), or the store's outbox is full.
        if (await _stores.CountDocumentsAsync(expected, new CountOptions { Limit = 1 }, cancellationToken) == 1)
        {
            throw new PendingEventsLimitException(store.Id, _maxPendingEvents);
        }

        return false;
    }

    public async Task<bool> TryDeleteAsync(string id, long expectedVersion, DateTime deletedAt, CancellationToken cancellationToken)
    {
        if (!IsObjectId(id))
        {
            return false;
        }

        var expected = Filter.Eq(s => s.Id, id) & Filter.Eq(s => s.Version, expectedVersion) & MongoStoreQueries.NotDeleted;
        var deleted = await _stores.DeleteOneAsync(expected & !MongoStoreQueries.HasPendingEvents, cancellationToken);
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

    public async Task<IReadOnlyList<PendingStoreEvents>> FindWithPendingEventsAsync(int maxStores, CancellationToken cancellationToken)
    {
        var stores = await _stores.Find(MongoStoreQueries.HasPendingEvents)
            .Sort(MongoStoreQueries.OldestPendingEventFirst)
            .Limit(maxStores)
            .ToListAsync(cancellationToken);
        return stores.Select(s => new PendingStoreEvents(s.Id, s.PendingEvents)).ToList();
    }

    public async Task RemovePendingEventsAsync(string storeId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        if (!IsObjectId(storeId))
        {
            return;
        }

        await _stores.UpdateOneAsync(Filter.Eq(s => s.Id, storeId) & MongoStoreQueries.HasPendingEvents,
            MongoStoreQueries.RemovePendingEvents(eventIds), cancellationToken: cancellationToken);
        await PurgeIfDoneAsync(storeId, cancellationToken);
    }

    // The id is stored as an ObjectId, so a malformed one cannot even be rendered into a filter: it is simply not there.
    // ObjectId parsing ignores case; the API does not (see StoreIds), so an uppercase spelling is not found here either.
    private static bool IsObjectId(string id) => StoreIds.IsWellFormed(id);

    private Task PurgeIfDoneAsync(string id, CancellationToken cancellationToken) =>
        _stores.DeleteOneAsync(Filter.Eq(s => s.Id, id) & MongoStoreQueries.DeletedWithoutPendingEvents, cancellationToken);

    private async Task DropIfPresentAsync(string indexName, CancellationToken cancellationToken)
    {
        try
        {
            await _stores.Indexes.DropOneAsync(indexName, cancellationToken);
        }
        catch (MongoCommandException e) when (e.Code is 26 or 27) // NamespaceNotFound, IndexNotFound: nothing to replace
        {
        }
    }
}
