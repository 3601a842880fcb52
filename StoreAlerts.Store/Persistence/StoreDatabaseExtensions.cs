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
        var maxPendingEvents = builder.Configuration.GetValue("StoreDatabase:MaxPendingEventsPerStore", PendingEventsLimitException.DefaultLimit);
        if (provider.Equals("MongoDB", StringComparison.OrdinalIgnoreCase))
        {
            string? connectionString = null;
            builder.AddMongoDBClient(ConnectionName, settings => connectionString = settings.ConnectionString);
            RequireDatabaseName(connectionString!);
            builder.Services.AddSingleton(sp => new MongoStoreRepository(sp.GetRequiredService<IMongoDatabase>(), maxPendingEvents));
            builder.Services.AddSingleton<IStoreRepository>(sp => sp.GetRequiredService<MongoStoreRepository>());
            builder.Services.AddHostedService<MongoPreparation>();
        }
        else if (provider.Equals("LiteDB", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value ? value
                : throw new InvalidOperationException($"StoreDatabase:Provider is LiteDB but ConnectionStrings:{ConnectionName} is not set (e.g. 'Filename=storedb.db;Connection=shared').");
            builder.Services.AddSingleton<IStoreRepository>(_ => new LiteDbStoreRepository(connectionString, maxPendingEvents));
            builder.Services.AddHealthChecks().AddCheck<LiteDbHealthCheck>("LiteDB");
        }
        else
        {
            throw new InvalidOperationException($"StoreDatabase:Provider '{provider}' is not supported: use MongoDB or LiteDB.");
        }

        // The pending events live in the store documents (ADR-002): the repository is the outbox's store too.
        builder.Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<IStoreRepository>());
        builder.Services.AddExceptionHandler<PendingEventsLimitHandler>();
        return builder;
    }

    /// <summary>
    /// The repository works on the database the URL names (as the official client registers <c>IMongoDatabase</c> only then);
    /// without one the start would fail later on an unresolvable service that names no setting.
    /// </summary>
    private static void RequireDatabaseName(string connectionString)
    {
        var url = MongoUrl.Create(connectionString);
        if (string.IsNullOrEmpty(url.DatabaseName))
        {
            var servers = string.Join(",", url.Servers.Select(s => s.ToString()));
            throw new InvalidOperationException(
                $"The MongoDB connection string (ConnectionStrings:{ConnectionName}) names no database (servers {servers}): put it in the path, e.g. mongodb://{servers}/{ConnectionName}.");
        }
    }

    /// <summary>Creates the indexes and finishes interrupted purges before the service takes traffic (hosted services start before the server listens).</summary>
    private sealed class MongoPreparation(MongoStoreRepository repository) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await repository.EnsureIndexesAsync(cancellationToken);
            await repository.PurgeDeletedStoresAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
