namespace StoreAlerts.Gateway.Stores;

/// <summary>A store as <c>/api/stores</c> returns it.</summary>
public sealed record StoreDto(
    string Id,
    string Name,
    string Address,
    string? Status,
    DateTimeOffset CreateTimestamp,
    DateTimeOffset? UpdateTimestamp,
    long Version,
    string? CreatedBy,
    string? LastModifiedBy);

/// <summary>What a person can type: timestamps and version are the service's business.</summary>
public sealed record StoreInput(string? Name, string? Address, string? Status);
