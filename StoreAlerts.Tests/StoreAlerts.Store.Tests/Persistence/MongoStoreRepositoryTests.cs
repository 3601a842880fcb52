using MongoDB.Bson;
using MongoDB.Driver;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Persistence;

/// <summary>The same contract against a real MongoDB, wherever one is reachable (<see cref="MongoDbAvailability"/>).</summary>
public sealed class MongoStoreRepositoryTests : StoreRepositoryContract, IAsyncDisposable
{
    private readonly string _databaseName = $"storealerts-test-{Guid.NewGuid():N}";
    private MongoClient? _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override async Task<IStoreRepository> CreateRepositoryAsync(int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit) =>
        await CreateMongoRepositoryAsync(maxPendingEventsPerStore);

    protected override Task InsertWithEmptyPendingEventsArrayAsync(StoreDocument store) =>
        Database.GetCollection<BsonDocument>("stores").InsertOneAsync(new BsonDocument
        {
            ["_id"] = ObjectId.Parse(store.Id),
            ["name"] = store.Name,
            ["address"] = store.Address,
            ["createTimestamp"] = store.CreateTimestamp,
            ["version"] = store.Version,
            ["pendingEvents"] = new BsonArray(),
        }, cancellationToken: Ct);

    [Fact]
    public async Task Start_up_purges_a_deleted_store_left_without_pending_events()
    {
        var repository = await CreateMongoRepositoryAsync();
        var stores = Database.GetCollection<BsonDocument>("stores");
        var deleted = new BsonDocument { ["_id"] = ObjectId.GenerateNewId(), ["name"] = "Gone", ["version"] = 3L, ["deletedAt"] = DateTime.UtcNow, ["pendingEvents"] = new BsonArray() };
        var live = new BsonDocument { ["_id"] = ObjectId.GenerateNewId(), ["name"] = "Here", ["version"] = 1L };
        await stores.InsertManyAsync([deleted, live], cancellationToken: Ct);

        await repository.PurgeDeletedStoresAsync(Ct);

        Assert.Equal([live["_id"]], (await stores.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Ct)).Select(d => d["_id"]));
    }

    [Fact]
    public async Task Indexes_are_created_with_the_collation_only_on_the_text_sorts()
    {
        var repository = await CreateMongoRepositoryAsync();

        var indexes = await (await Database.GetCollection<BsonDocument>("stores").Indexes.ListAsync(Ct)).ToListAsync(Ct);

        Assert.Equal(["address_1__id_1", "name_1__id_1"], indexes.Where(i => i.Contains("collation")).Select(i => i["name"].AsString).Order());
        Assert.Equal(new BsonDocument("pendingEvents.0", new BsonDocument("$exists", true)),
            Assert.Single(indexes, i => i["name"] == "pendingEvents_oldestFirst")["partialFilterExpression"]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DropDatabaseAsync(_databaseName);
            _client.Dispose();
        }
    }

    private IMongoDatabase Database => _client!.GetDatabase(_databaseName);

    private async Task<MongoStoreRepository> CreateMongoRepositoryAsync(int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit)
    {
        var connectionString = MongoDbAvailability.ConnectionString;
        Assert.SkipWhen(connectionString is null, MongoDbAvailability.SkipReason);

        _client = new MongoClient(connectionString!);
        var repository = new MongoStoreRepository(Database, maxPendingEventsPerStore);
        await repository.EnsureIndexesAsync(Ct);
        return repository;
    }
}
