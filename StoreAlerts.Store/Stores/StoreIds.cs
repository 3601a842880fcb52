namespace StoreAlerts.Store.Stores;

/// <summary>
/// Store ids are MongoDB ObjectIds written as the server hands them out: 24 lowercase hexadecimal digits.
/// Both repositories match ids exactly (ordinal), so <c>/api/stores/ABC…</c> is not a second name for <c>abc…</c>.
/// </summary>
public static class StoreIds
{
    public const int Length = 24;

    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
