using LiteDB;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>
/// Stores in an embedded LiteDB file, for local mode (no MongoDB). LiteDB has no conditional update,
/// so each read-modify-write runs under one in-process lock; that is only a compare-and-swap if this process is
/// the file's only writer, so the file is always opened in direct (exclusive) mode, whatever the connection string
/// says, and a lock file beside it turns a second Store process away at start-up (ADR-007). Being the only writer also
/// lets it keep the number of live stores in memory, so an unfiltered page does not count the collection (ADR-012).
/// </summary>
public sealed class LiteDbStoreRepository : IStoreRepository, IDisposable
{
    private const string FirstPendingEvent = "$.pendingEvents[0].occurredAt";
    private const string NotDeleted = "$.deletedAt = null";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    private readonly FileStream _exclusiveLock;
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<StoreDocument> _stores;
    private readonly Lock _writeLock = new();
    private readonly int _maxPendingEvents;
    private long _liveStores;

    public LiteDbStoreRepository(string connectionString, int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingEventsPerStore, 1);
        _maxPendingEvents = maxPendingEventsPerStore;
        var connection = new ConnectionString(connectionString) { Connection = ConnectionType.Direct };
        var file = Path.GetFullPath(connection.Filename);
        if (Path.GetDirectoryName(file) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _exclusiveLock = LockFile(file);
        try
        {
            _database = new LiteDatabase(connection, CreateMapper());
            RequireCaseInsensitiveCollation(_database, file);
        }
        catch
        {
            _database?.Dispose();
            _exclusiveLock.Dispose();
            throw;
        }

        _stores = _database.GetCollection<StoreDocument>("stores");
        _stores.EnsureIndex("name", "$.name");
        _stores.EnsureIndex("address", "$.address");
        _stores.EnsureIndex("status", "$.status");
        _stores.EnsureIndex("createTimestamp", "$.createTimestamp");
        _stores.EnsureIndex("updateTimestamp", "$.updateTimestamp");
        _stores.EnsureIndex("firstPendingEvent", FirstPendingEvent);
        _liveStores = _stores.LongCount(NotDeleted);
    }

    public Task<StoreDocument?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(WithoutPendingEvents(FindLive(id)));

    public Task<StorePage> ListAsync(StoreQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter(query);
        var items = _stores.Query()
            .Where(filter)
            .OrderBy(SortKey(query.Sort), query.Descending ? LiteDB.Query.Descending : LiteDB.Query.Ascending)
            .Skip(query.Offset)
            .Limit(query.Size)
            .ToList();
        items.ForEach(store => WithoutPendingEvents(store));
        var total = query.NameContains is null && query.Status is null ? Interlocked.Read(ref _liveStores) : _stores.LongCount(filter);
        return Task.FromResult(new StorePage(items, total));
    }

    public Task InsertAsync(StoreDocument store, CancellationToken cancellationToken)
    {
        _stores.Insert(store);
        Interlocked.Increment(ref _liveStores);
        return Task.CompletedTask;
    }

    public Task<bool> TryUpdateAsync(StoreDocument store, PendingEvent pendingEvent, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var current = FindLive(store.Id);
            if (current is null || current.Version != store.Version - 1)
            {
                return Task.FromResult(false);
            }

            if (current.PendingEvents.Count >= _maxPendingEvents)
            {
                throw new PendingEventsLimitException(store.Id, _maxPendingEvents);
            }

            current.Name = store.Name;
            current.Address = store.Address;
            current.Status = store.Status;
            current.UpdateTimestamp = store.UpdateTimestamp;
            current.LastModifiedBy = store.LastModifiedBy;
            current.Version = store.Version;
            current.PendingEvents.Add(pendingEvent);
            return Task.FromResult(_stores.Update(current));
        }
    }

    public Task<bool> TryDeleteAsync(string id, long expectedVersion, DateTime deletedAt, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            var current = FindLive(id);
            if (current is null || current.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            current.DeletedAt = deletedAt;
            current.Version++;
            var removed = current.PendingEvents.Count == 0 ? _stores.Delete(id) : _stores.Update(current);
            if (removed)
            {
                Interlocked.Decrement(ref _liveStores);
            }

            return Task.FromResult(removed);
        }
    }

    public Task<IReadOnlyList<PendingStoreEvents>> FindWithPendingEventsAsync(int maxStores, CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingStoreEvents> stores = _stores.Query()
            .Where($"{FirstPendingEvent} >= @0", new BsonValue(DateTime.MinValue))
            .OrderBy(FirstPendingEvent)
            .Limit(maxStores)
            .ToList()
            .Select(s => new PendingStoreEvents(s.Id, s.PendingEvents))
            .ToList();
        return Task.FromResult(stores);
    }

    public Task RemovePendingEventsAsync(string storeId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            if (!StoreIds.IsWellFormed(storeId) || _stores.FindById(storeId) is not { } store || store.Id != storeId)
            {
                return Task.CompletedTask;
            }

            store.PendingEvents.RemoveAll(e => eventIds.Contains(e.EventId));
            if (store.DeletedAt is not null && store.PendingEvents.Count == 0)
            {
                _stores.Delete(storeId);
            }
            else
            {
                _stores.Update(store);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _database.Dispose();
        _exclusiveLock.Dispose();
    }

    /// <summary>
    /// Holds <c>&lt;file&gt;.lock</c> with no sharing for the repository's lifetime. LiteDB's own direct mode does not
    /// stop a second process on Linux (.NET only enforces <see cref="FileShare.None"/> there), so this does. A restart
    /// may overlap the previous process's exit by a moment, so the lock is waited for briefly before giving up.
    /// </summary>
    private static FileStream LockFile(string databaseFile)
    {
        var lockFile = databaseFile + ".lock";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e) when (waited.Elapsed >= LockWait)
            {
                throw new InvalidOperationException(
                    $"The LiteDB file {databaseFile} is already open in another Store process (it holds {lockFile}); only one process may write it.", e);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    // A file's collation is chosen when it is created (LiteDB's default ignores case); the name and address sorts rely on it.
    private static void RequireCaseInsensitiveCollation(LiteDatabase database, string file)
    {
        if (!database.Collation.SortOptions.HasFlag(System.Globalization.CompareOptions.IgnoreCase))
        {
            throw new InvalidOperationException(
                $"The LiteDB file {file} was created with the case-sensitive collation '{database.Collation}'; the Store sorts names case-insensitively and needs a file created with LiteDB's default collation (e.g. 'Collation=en-US/IgnoreCase').");
        }
    }

    // LiteDB compares strings with its collation (case-insensitive by default); ids are matched ordinally, as in MongoDB.
    private StoreDocument? FindLive(string id) =>
        StoreIds.IsWellFormed(id) && _stores.FindById(id) is { DeletedAt: null } store && store.Id == id ? store : null;

    // Reads for the API never carry the outbox, as with MongoDB.
    private static StoreDocument? WithoutPendingEvents(StoreDocument? store)
    {
        store?.PendingEvents.Clear();
        return store;
    }

    private static BsonExpression Filter(StoreQuery query)
    {
        var filter = NotDeleted;
        var parameters = new BsonDocument();
        if (query.NameContains is { } name)
        {
            filter += " AND INDEXOF(LOWER($.name), @name) >= 0";
            parameters["name"] = name.ToLowerInvariant();
        }

        if (query.Status is { } status)
        {
            filter += " AND $.status = @status";
            parameters["status"] = status.ToString();
        }

        return BsonExpression.Create(filter, parameters);
    }

    // Each sort is one indexed field, so a page walks its index and stops after its rows instead of sorting the
    // collection. The database's collation ignores case (checked at open), so the name and address indexes are
    // case-insensitive; keys that tie keep the index's order, which is stable between pages (ADR-012).
    private static BsonExpression SortKey(StoreSortField sort) => sort switch
    {
        StoreSortField.Id => "$._id",
        StoreSortField.Name => "$.name",
        StoreSortField.Address => "$.address",
        StoreSortField.Status => "$.status",
        StoreSortField.CreateTimestamp => "$.createTimestamp",
        _ => "$.updateTimestamp",
    };

    private static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper { EnumAsInteger = false };
        mapper.UseCamelCase();
        // LiteDB hands dates back in local time; the API and the event speak UTC.
        mapper.RegisterType(date => new BsonValue(date.ToUniversalTime()), value => value.AsDateTime.ToUniversalTime());
        mapper.Entity<StoreDocument>().Id(s => s.Id, autoId: false);
        return mapper;
    }
}
