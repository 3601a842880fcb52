using LiteDB;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Repository;

public sealed class LiteDbStoreRepositoryTests : StoreRepositoryContract, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"storealerts-repo-{Guid.NewGuid():N}.db");
    private LiteDbStoreRepository? _repository;

    protected override Task<IStoreRepository> CreateRepositoryAsync(int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit) =>
        Task.FromResult<IStoreRepository>(_repository = new LiteDbStoreRepository(ConnectionString, maxPendingEventsPerStore));

    protected override Task InsertWithEmptyPendingEventsArrayAsync(StoreDocument store)
    {
        // The repository holds the file in shared mode, so a second connection can write beside it.
        using var database = new LiteDatabase(ConnectionString);
        database.GetCollection("stores").Insert(new BsonDocument
        {
            ["_id"] = store.Id,
            ["name"] = store.Name,
            ["address"] = store.Address,
            ["createTimestamp"] = store.CreateTimestamp,
            ["version"] = store.Version,
            ["pendingEvents"] = new BsonArray(),
        });
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _repository?.Dispose();
        File.Delete(_file);
    }

    private string ConnectionString => $"Filename={_file};Connection=shared";
}
