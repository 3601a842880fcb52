namespace StoreAlerts.ServiceDefaults.Authentication;

/// <summary>The two roles and the authorization policies named after them.</summary>
public static class Roles
{
    /// <summary>Reads stores and alerts (an <see cref="Admin"/> may too).</summary>
    public const string User = "user";

    /// <summary>Also creates, edits and deletes stores and resends failed emails.</summary>
    public const string Admin = "admin";
}
