namespace StoreAlerts.Identity.Server;

public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>Where the database and the keys live (the AppHost's data folder in local mode).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The audiences of every access token: the APIs that accept them.</summary>
    public string[] Resources { get; set; } = [];

    public Dictionary<string, ClientOptions> Clients { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
