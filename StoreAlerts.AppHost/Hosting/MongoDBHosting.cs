using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Aspire.Hosting;

/// <summary>A MongoDB server in a container, with the root user <c>admin</c> and a generated password.</summary>
public sealed class MongoDBServerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string UserName = "admin";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);
    public ParameterResource PasswordParameter => password;

    public ReferenceExpression ConnectionStringExpression => BuildConnectionString();

    internal ReferenceExpression BuildConnectionString(string? databaseName = null) => ReferenceExpression.Create(
        $"mongodb://{UserName}:{PasswordParameter:uri}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/{databaseName}?authSource=admin&authMechanism=SCRAM-SHA-256");
}

public sealed class MongoDBDatabaseResource(string name, string databaseName, MongoDBServerResource parent)
    : Resource(name), IResourceWithParent<MongoDBServerResource>, IResourceWithConnectionString
{
    public MongoDBServerResource Parent => parent;
    public string DatabaseName => databaseName;
    public ReferenceExpression ConnectionStringExpression => parent.BuildConnectionString(databaseName);
}

public sealed class MongoExpressContainerResource(string name) : ContainerResource(name);

public static class MongoDBBuilderExtensions
{
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var mongo = new MongoDBServerResource(name, password);
        return builder.AddResource(mongo)
            .WithImage("library/mongo", "8.2")
            .WithImageRegistry("docker.io")
            .WithEndpoint(port: port, targetPort: 27017, name: MongoDBServerResource.PrimaryEndpointName)
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", MongoDBServerResource.UserName)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", password)
            .WithHealthCheck(builder.AddMongoPingHealthCheck(mongo, databaseName: null));
    }

    public static IResourceBuilder<MongoDBDatabaseResource> AddDatabase(this IResourceBuilder<MongoDBServerResource> builder, string name, string? databaseName = null)
    {
        var database = new MongoDBDatabaseResource(name, databaseName ?? name, builder.Resource);
        return builder.ApplicationBuilder.AddResource(database)
            .WithHealthCheck(builder.ApplicationBuilder.AddMongoPingHealthCheck(database, database.DatabaseName));
    }

    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/data/db");

    /// <summary>Adds a mongo-express container for this server; development only.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithMongoExpress(this IResourceBuilder<MongoDBServerResource> builder, int? hostPort = null)
    {
        var mongo = builder.Resource;
        builder.ApplicationBuilder.AddResource(new MongoExpressContainerResource($"{mongo.Name}-mongoexpress"))
            .WithImage("library/mongo-express", "1.0")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(port: hostPort, targetPort: 8081, name: "http")
            .WithEnvironment("ME_CONFIG_MONGODB_SERVER", mongo.Name)
            .WithEnvironment("ME_CONFIG_MONGODB_PORT", "27017")
            .WithEnvironment("ME_CONFIG_BASICAUTH", "false")
            .WithEnvironment("ME_CONFIG_MONGODB_ADMINUSERNAME", MongoDBServerResource.UserName)
            .WithEnvironment("ME_CONFIG_MONGODB_ADMINPASSWORD", mongo.PasswordParameter)
            .WithParentRelationship(mongo)
            .ExcludeFromManifest();
        return builder;
    }

    private static string AddMongoPingHealthCheck(this IDistributedApplicationBuilder builder, IResourceWithConnectionString resource, string? databaseName)
    {
        IMongoClient? client = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            client = new MongoClient(await resource.GetConnectionStringAsync(ct)));
        var key = $"{resource.Name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            if (client is null)
            {
                return HealthCheckResult.Unhealthy("The connection string is not available yet.");
            }

            try
            {
                await client.GetDatabase(databaseName ?? "admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        });
        return key;
    }
}
