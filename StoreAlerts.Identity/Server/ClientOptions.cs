namespace StoreAlerts.Identity.Server;

/// <summary>
/// One client of <c>Identity:Clients</c>. With a <see cref="BaseUrl"/> it is a web application signing users in with
/// the authorization code flow and PKCE (the gateway); without, a service client using client credentials, whose tokens
/// carry <see cref="Roles"/>.
/// </summary>
public sealed class ClientOptions
{
    public string Secret { get; set; } = "";
    public string? BaseUrl { get; set; }
    public string[] Roles { get; set; } = [];
}
