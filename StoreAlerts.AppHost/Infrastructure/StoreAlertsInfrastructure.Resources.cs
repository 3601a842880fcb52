using Aspire.Hosting.ApplicationModel;
using StoreAlerts.AppHost.Local;

namespace StoreAlerts.AppHost.Infrastructure;

public sealed partial class StoreAlertsInfrastructure
{
    public IResourceBuilder<IResourceWithConnectionString> AddKafka() => Mode switch
    {
        InfrastructureMode.Containers => InRunMode(_builder.AddKafka(ResourceNames.Kafka).WithDataVolume(), kafka => kafka.WithKafkaUI()),
        InfrastructureMode.Local => _builder.AddKafkaDevBroker(ResourceNames.Kafka),
        _ => _builder.AddConnectionString(ResourceNames.Kafka),
    };

    public IResourceBuilder<IResourceWithConnectionString> AddStoreDatabase() => Mode switch
    {
        InfrastructureMode.Containers => InRunMode(_builder.AddMongoDB(ResourceNames.Mongo).WithDataVolume(), mongo => mongo.WithMongoExpress())
            .AddDatabase(ResourceNames.StoreDb),
        InfrastructureMode.Local => _builder.AddConnectionString(ResourceNames.StoreDb,
            ReferenceExpression.Create($"Filename={Path.Combine(DataDirectory, "store", "storedb.db")};Connection=shared")),
        _ => _builder.AddConnectionString(ResourceNames.StoreDb),
    };

    public IResourceBuilder<IResourceWithConnectionString> AddAlertDatabase() => Mode switch
    {
        InfrastructureMode.Containers => _builder.AddPostgres(ResourceNames.Postgres).WithDataVolume()
            .AddDatabase(ResourceNames.AlertDb),
        InfrastructureMode.Local => _builder.AddLocalPostgres(ResourceNames.Postgres, Path.Combine(DataDirectory, "postgres"), PostgresBinDirectory ?? "/usr/bin")
            .AddDatabase(ResourceNames.AlertDb),
        _ => _builder.AddConnectionString(ResourceNames.AlertDb),
    };

    /// <summary>MailDev catches every email in development; a published app is given its real SMTP server as a connection string.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddMailServer() => Mode switch
    {
        InfrastructureMode.Containers when IsRunMode => _builder.AddMailDev(ResourceNames.MailDev,
            httpPort: PreferredHostPort(1080, "MailDev's inbox"), smtpPort: PreferredHostPort(1025, "MailDev's SMTP")),
        InfrastructureMode.Local => _builder.AddLocalMailDev(ResourceNames.MailDev, ToolsDirectory, httpPort: 1080, smtpPort: 1025),
        _ => _builder.AddConnectionString(ResourceNames.MailDev),
    };

    /// <summary>Local mode's persistent data (PostgreSQL cluster, LiteDB file): <c>StoreAlerts:DataDirectory</c>, default <c>.storealerts</c> beside the AppHost.</summary>
    public string DataDirectory => Configuration["StoreAlerts:DataDirectory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(_builder.AppHostDirectory, ".storealerts");

    /// <summary>Where local mode installs its npm tools: <c>STOREALERTS_TOOLS</c>, default <c>~/.cache/storealerts</c>.</summary>
    public string ToolsDirectory => Configuration["STOREALERTS_TOOLS"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "storealerts");

    private string? PostgresBinDirectory => LocalTools.FindPostgresBinDirectory(Configuration["StoreAlerts:PostgresBinDirectory"]);

    /// <summary>
    /// The port when free, else a random one and a warning: a container's fixed host port that is taken leaves the container
    /// without its proxy, and everything that waits for it waiting with no message.
    /// </summary>
    private int? PreferredHostPort(int port, string what)
    {
        if (HostPorts.PreferredOrRandom(port) is { } free)
        {
            return free;
        }

        _warnings.Add($"Port {port} ({what}) is taken on this machine, so it gets a random port instead: the maildev resource on the dashboard shows it.");
        return null;
    }

    private IResourceBuilder<T> InRunMode<T>(IResourceBuilder<T> resource, Func<IResourceBuilder<T>, IResourceBuilder<T>> developmentOnly)
        where T : IResource => IsRunMode ? developmentOnly(resource) : resource;
}
