namespace StoreAlerts.Store.Stores;

public sealed record StoreResponse(
    string Id,
    string Name,
    string Address,
    StoreStatus? Status,
    DateTime CreateTimestamp,
    DateTime? UpdateTimestamp,
    long Version)
{
    public static StoreResponse From(StoreDocument store) => new(
        store.Id, store.Name, store.Address, store.Status, store.CreateTimestamp, store.UpdateTimestamp, store.Version);
}

/// <summary>The body of POST, PUT and PATCH, for the OpenAPI document; bodies are read and validated by <see cref="StoreBody"/>.</summary>
public sealed record StoreRequest(string? Id, string Name, string Address, StoreStatus? Status, long? Version);
