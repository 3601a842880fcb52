namespace StoreAlerts.Identity.Server;

public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>Where the database and the keys live (the AppHost's data folder in local mode).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The audiences of every access token: the APIs that accept them.</summary>
    public string[] Resources { get; set; } = [];

    public Dictionary<string, ClientOptions> Clients { get; set; } = [];

    /// <summary>
    /// The issuer tokens carry, when the provider is served behind a gateway (its public URL plus <see cref="PathBase"/>);
    /// endpoint URIs are still computed from each request, so a client reading the metadata internally gets internal ones.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The path the gateway forwards to this provider (ADR-013), kept on the forwarded requests.</summary>
    public string? PathBase { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
