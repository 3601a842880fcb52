using StoreAlerts.Store.Outbox;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// Persistence of stores and, inside them, their pending events (so it is also the relay's <see cref="IOutboxStore"/>).
/// Deleted stores are invisible to <see cref="FindAsync"/> and <see cref="ListAsync"/>. Malformed ids are simply not found.
/// </summary>
public interface IStoreRepository : IOutboxStore
{
    Task<StoreDocument?> FindAsync(string id, CancellationToken cancellationToken);

    Task<StorePage> ListAsync(StoreQuery query, CancellationToken cancellationToken);

    Task InsertAsync(StoreDocument store, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap: writes the fields of <paramref name="store"/> and appends <paramref name="pendingEvent"/>
    /// only if the stored version is still <c>store.Version - 1</c>; false otherwise (or when the store is gone).
    /// </summary>
    Task<bool> TryUpdateAsync(StoreDocument store, PendingEvent pendingEvent, CancellationToken cancellationToken);

    /// <summary>Compare-and-swap delete; a store that still has pending events is kept, hidden, until they are published.</summary>
    Task<bool> TryDeleteAsync(string id, long expectedVersion, DateTime deletedAt, CancellationToken cancellationToken);
}

public sealed record StoreQuery(
    int Page,
    int Size,
    StoreSortField Sort = StoreSortField.Id,
    bool Descending = false,
    string? NameContains = null,
    StoreStatus? Status = null)
{
    /// <summary>How many stores the page skips; computed in 64 bits and capped, so no query can overflow it.</summary>
    public int Offset => (int)Math.Min((long)Math.Max(Page, 0) * Math.Max(Size, 0), int.MaxValue);
}

public enum StoreSortField { Id, Name, Address, Status, CreateTimestamp, UpdateTimestamp }

public sealed record StorePage(IReadOnlyList<StoreDocument> Items, long Total);
