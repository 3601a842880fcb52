namespace StoreAlerts.Store.Stores;

public sealed record StoreResponse(
    string Id,
    string Name,
    string Address,
    StoreStatus? Status,
    DateTime CreateTimestamp,
    DateTime? UpdateTimestamp,
    long Version,
    string? CreatedBy,
    string? LastModifiedBy)
{
    public static StoreResponse From(StoreDocument store) => new(store.Id, store.Name, store.Address, store.Status,
        store.CreateTimestamp, store.UpdateTimestamp, store.Version, store.CreatedBy, store.LastModifiedBy);
}

/// <summary>The body of POST, PUT and PATCH, for the OpenAPI document; bodies are read and validated by <see cref="StoreBody"/>.</summary>
public sealed record StoreRequest
{
    /// <summary>Refused on POST; on PUT and PATCH it must be the id in the URL.</summary>
    public string? Id { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    public StoreStatus? Status { get; init; }

    /// <summary>The version the change is based on, when no <c>If-Match</c> is sent.</summary>
    public long? Version { get; init; }
}
