using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Local;

/// <summary>A PostgreSQL server run from the machine's own binaries, its data in <see cref="DataDirectory"/>.</summary>
public sealed class LocalPostgresServerResource(string name, string command, string dataRoot, string binDirectory, ParameterResource password)
    : ExecutableResource(name, command, dataRoot), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string UserName = "postgres";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);
    public ParameterResource PasswordParameter => password;
    public string BinDirectory => binDirectory;
    public string DataDirectory => Path.Combine(WorkingDirectory, "data");

    /// <summary>The Unix socket folder; only the server's OS user can enter it, which is what makes local trust safe.</summary>
    public string SocketDirectory => Path.Combine(WorkingDirectory, "run");

    public Dictionary<string, string> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent => parent;
    public string DatabaseName => databaseName;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={databaseName}");
}
