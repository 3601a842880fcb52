extern alias Store;
using MongoDB.Driver;
using Store::StoreAlerts.Store.Persistence;
using Store::StoreAlerts.Store.Stores;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// The Store's database for a figure: MongoDB where one is reachable (<c>STOREALERTS_TEST_MONGODB</c>, or <c>mongod</c> on
/// PATH, as the tests find it), LiteDB otherwise; each figure gets a database of its own, removed afterwards.
/// </summary>
public sealed class StoreDatabase : IDisposable
{
    private readonly string? _file;
    private readonly string? _mongoDatabase;

    private StoreDatabase(string? file, string? mongoDatabase)
    {
        _file = file;
        _mongoDatabase = mongoDatabase;
    }

    public static string Kind => MongoDbAvailability.ConnectionString is null ? "LiteDB" : "MongoDB";

    public static StoreDatabase Create() => MongoDbAvailability.ConnectionString is null
        ? new StoreDatabase(Path.Combine(Path.GetTempPath(), $"storealerts-bench-{Guid.NewGuid():N}.db"), null)
        : new StoreDatabase(null, $"bench_{Guid.NewGuid():N}");

    /// <summary>The Store process's settings for this database.</summary>
    public IDictionary<string, string> ServiceSettings => _file is not null
        ? new Dictionary<string, string> { ["StoreDatabase__Provider"] = "LiteDB", ["ConnectionStrings__storedb"] = $"Filename={_file}" }
        : new Dictionary<string, string> { ["StoreDatabase__Provider"] = "MongoDB", ["ConnectionStrings__storedb"] = MongoUrlFor(_mongoDatabase!) };

    /// <summary>The repository in this process, for a raw baseline, with the indexes the Store creates.</summary>
    public async Task<IStoreRepository> OpenRepositoryAsync()
    {
        if (_file is not null)
        {
            return new LiteDbStoreRepository($"Filename={_file}");
        }

        var repository = new MongoStoreRepository(new MongoClient(MongoUrlFor(_mongoDatabase!)).GetDatabase(_mongoDatabase));
        await repository.EnsureIndexesAsync(CancellationToken.None);
        return repository;
    }

    public void Dispose()
    {
        if (_file is not null)
        {
            File.Delete(_file);
            File.Delete(Path.ChangeExtension(_file, null) + "-log.db");
        }
        else
        {
            new MongoClient(MongoDbAvailability.ConnectionString).DropDatabase(_mongoDatabase);
        }
    }

    private static string MongoUrlFor(string database) =>
        new MongoUrlBuilder(MongoDbAvailability.ConnectionString) { DatabaseName = database }.ToString();
}
