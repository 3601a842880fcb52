namespace StoreAlerts.Store.Outbox;

/// <summary>
/// What the relay needs from the database: the events waiting to be published and a way to remove the delivered ones.
/// The store repositories implement it, because the events live inside the store documents (ADR-002).
/// </summary>
public interface IOutboxStore
{
    /// <summary>Stores (deleted ones included) that have pending events, each with its events in write order.</summary>
    Task<IReadOnlyList<PendingStoreEvents>> FindWithPendingEventsAsync(int maxStores, CancellationToken cancellationToken);

    /// <summary>Removes the given events (by id, leaving events added meanwhile) and purges a deleted store left without any.</summary>
    Task RemovePendingEventsAsync(string storeId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken);
}

/// <summary>The pending events of one store, oldest first.</summary>
public sealed record PendingStoreEvents(string StoreId, IReadOnlyList<PendingEvent> Events);
