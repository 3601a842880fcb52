namespace StoreAlerts.Store.Stores;

/// <summary>Limits of <c>/api/stores</c>, bound from <c>Store:Api</c>.</summary>
public sealed class StoreApiOptions
{
    public const string Section = "Store:Api";

    /// <summary>The largest request body a write accepts (a store is well under 2 KiB); larger is a 413 before parsing.</summary>
    public long MaxRequestBodySize { get; set; } = 64 * 1024;
}
