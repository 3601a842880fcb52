using MongoDB.Driver;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Repository;

/// <summary>The same contract against a real MongoDB, wherever one is reachable (<see cref="MongoDbAvailability"/>).</summary>
public sealed class MongoStoreRepositoryTests : StoreRepositoryContract, IAsyncDisposable
{
    private readonly string _databaseName = $"storealerts-test-{Guid.NewGuid():N}";
    private MongoClient? _client;

    protected override async Task<IStoreRepository> CreateRepositoryAsync()
    {
        var connectionString = MongoDbAvailability.ConnectionString;
        Assert.SkipWhen(connectionString is null, MongoDbAvailability.SkipReason);

        _client = new MongoClient(connectionString!);
        var repository = new MongoStoreRepository(_client.GetDatabase(_databaseName));
        await repository.EnsureIndexesAsync(TestContext.Current.CancellationToken);
        return repository;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DropDatabaseAsync(_databaseName);
            _client.Dispose();
        }
    }
}
