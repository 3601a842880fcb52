namespace StoreAlerts.Store.Persistence;

/// <summary>
/// A store already holds as many unpublished events as a document can safely carry: Kafka has been unreachable (or refusing
/// this store's events) for that long. The update is refused, unchanged, instead of growing the document toward the
/// database's 16 MB limit, where the write would fail anyway with a far less helpful error.
/// </summary>
public sealed class PendingEventsLimitException(string storeId, int limit)
    : Exception($"Store {storeId} already has {limit} events waiting to be published to Kafka; it accepts changes again once they are out.")
{
    /// <summary>An event is at most about 5 KB (name and address at their maximum lengths, fully escaped): 1,000 stay far below 16 MB.</summary>
    public const int DefaultLimit = 1000;

    public string StoreId => storeId;

    public int Limit => limit;
}
