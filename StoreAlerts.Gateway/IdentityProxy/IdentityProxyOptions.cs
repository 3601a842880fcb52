namespace StoreAlerts.Gateway.IdentityProxy;

/// <summary>
/// The identity provider the gateway serves under its own origin (<c>Gateway:IdentityProxy</c>, set by the AppHost when it
/// runs the provider; absent for an external provider, which is then not forwarded).
/// </summary>
public sealed class IdentityProxyOptions
{
    public const string Section = "Gateway:IdentityProxy";

    /// <summary>The provider's internal address.</summary>
    public string? Address { get; set; }

    /// <summary>The path forwarded to the provider, kept on the forwarded request: the provider serves under it.</summary>
    public string PathPrefix { get; set; } = "/auth";

    /// <summary>The first segments under the prefix that are forwarded (Keycloak: <c>realms</c>, <c>resources</c>); none: all.</summary>
    public string[] Paths { get; set; } = [];
}
