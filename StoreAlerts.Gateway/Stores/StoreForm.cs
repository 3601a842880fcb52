namespace StoreAlerts.Gateway.Stores;

/// <summary>The fields of the create and edit forms, bound from the posted form.</summary>
public sealed class StoreForm
{
    public string? Name { get; set; }

    public string? Address { get; set; }

    /// <summary>Empty means no status.</summary>
    public string? Status { get; set; }

    /// <summary>The version the edit started from, sent back as <c>If-Match</c>.</summary>
    public long Version { get; set; }

    public static StoreForm From(StoreDto store) =>
        new() { Name = store.Name, Address = store.Address, Status = store.Status, Version = store.Version };

    public StoreInput ToInput() => new(Name, Address, string.IsNullOrEmpty(Status) ? null : Status);
}
