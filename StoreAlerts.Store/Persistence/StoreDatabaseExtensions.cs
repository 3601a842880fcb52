using MongoDB.Driver;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

public static class StoreDatabaseExtensions
{
    public const string ConnectionName = "storedb";

    /// <summary>
    /// Registers the repository chosen by <c>StoreDatabase:Provider</c>: <c>MongoDB</c> (default) or <c>LiteDB</c>
    /// (then <c>ConnectionStrings:storedb</c> is a LiteDB connection string). Anything else stops the start: there is no in-memory fallback.
    /// </summary>
    public static IHostApplicationBuilder AddStoreDatabase(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration["StoreDatabase:Provider"] ?? "MongoDB";
        if (provider.Equals("MongoDB", StringComparison.OrdinalIgnoreCase))
        {
            builder.AddMongoDBClient(ConnectionName);
            builder.Services.AddSingleton<MongoStoreRepository>();
            builder.Services.AddSingleton<IStoreRepository>(sp => sp.GetRequiredService<MongoStoreRepository>());
            builder.Services.AddHostedService<MongoIndexes>();
        }
        else if (provider.Equals("LiteDB", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value ? value
                : throw new InvalidOperationException($"StoreDatabase:Provider is LiteDB but ConnectionStrings:{ConnectionName} is not set (e.g. 'Filename=storedb.db;Connection=shared').");
            builder.Services.AddSingleton<IStoreRepository>(_ => new LiteDbStoreRepository(connectionString));
            builder.Services.AddHealthChecks().AddCheck<LiteDbHealthCheck>("LiteDB");
        }
        else
        {
            throw new InvalidOperationException($"StoreDatabase:Provider '{provider}' is not supported: use MongoDB or LiteDB.");
        }

        // The pending events live in the store documents (ADR-002): the repository is the outbox's store too.
        builder.Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<IStoreRepository>());
        return builder;
    }

    /// <summary>Creates the indexes before the service takes traffic (hosted services start before the server listens).</summary>
    private sealed class MongoIndexes(MongoStoreRepository repository) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => repository.EnsureIndexesAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
