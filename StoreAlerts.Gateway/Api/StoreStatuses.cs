namespace StoreAlerts.Gateway.Api;

/// <summary>The statuses a store can have, as both services spell them; the stores and alerts pages filter by them.</summary>
public static class StoreStatuses
{
    public static readonly string[] All = ["OPEN", "CLOSED"];
}
