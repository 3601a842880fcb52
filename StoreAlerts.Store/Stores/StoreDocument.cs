using StoreAlerts.Store.Outbox;

namespace StoreAlerts.Store.Stores;

public enum StoreStatus { OPEN, CLOSED }

/// <summary>
/// A store as persisted. Its not-yet-published events travel inside the same document, so a
/// write and its event are atomic on any single-document store (see ADR-002).
/// </summary>
public sealed class StoreDocument
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public StoreStatus? Status { get; set; }
    public DateTime CreateTimestamp { get; set; }
    public DateTime? UpdateTimestamp { get; set; }

    /// <summary>The signed-in user who created the store; null for a request without one.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>The signed-in user of the last update that changed the store; null for a request without one.</summary>
    public string? LastModifiedBy { get; set; }

    public long Version { get; set; }

    /// <summary>Set by a delete while events are still pending; the relay removes the document once they are out.</summary>
    public DateTime? DeletedAt { get; set; }

    public List<PendingEvent> PendingEvents { get; set; } = [];
}
