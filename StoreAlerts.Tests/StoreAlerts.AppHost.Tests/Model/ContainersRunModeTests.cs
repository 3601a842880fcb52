using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using StoreAlerts.AppHost.Infrastructure;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.AppHost.Tests.Model;

/// <summary>
/// What the containers would be started with under <c>dotnet run</c>: endpoints allocated as the official integration tests
/// allocate them, the environment evaluated for the run operation, and compared with the official integrations' values.
/// Whether the images then behave with these values waits for a run with Docker.
/// </summary>
public class ContainersRunModeTests
{
    // A password with characters a URL must escape: the connection string must carry it encoded, mongo-express plain.
    private const string Password = "p@ss/w0rd:x";
    private const string EncodedPassword = "p%40ss%2Fw0rd%3Ax";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kafka_advertises_the_allocated_host_port_and_the_container_network_name_as_the_official_integration_does()
    {
        await using var model = await RunModelAsync();

        var env = await model.EnvironmentAsync(ResourceNames.Kafka);

        Assert.Equal(new Dictionary<string, string>
        {
            ["KAFKA_LISTENERS"] = "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093",
            ["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT",
            ["KAFKA_ADVERTISED_LISTENERS"] = "PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:27017,PLAINTEXT_INTERNAL://kafka:9093",
            ["KAFKA_LOG_DIRS"] = "/var/lib/kafka/data",
        }, env);
        Assert.Equal("localhost:27017", await model.Builder.Resource<KafkaServerResource>(ResourceNames.Kafka).ConnectionStringExpression.GetValueAsync(Ct));
    }

    [Fact]
    public async Task Kafka_UI_reaches_the_broker_by_its_container_name_and_internal_port()
    {
        await using var model = await RunModelAsync();

        var env = await model.EnvironmentAsync("kafka-ui");

        Assert.Equal("kafka", env["KAFKA_CLUSTERS_0_NAME"]);
        Assert.Equal("kafka:9093", env["KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"]);
    }

    [Fact]
    public async Task Mongo_express_gets_the_official_variables_with_the_plain_password()
    {
        await using var model = await RunModelAsync();

        var env = await model.EnvironmentAsync("mongo-mongoexpress");

        Assert.Equal(
            [("ME_CONFIG_MONGODB_SERVER", "mongo"), ("ME_CONFIG_MONGODB_PORT", "27017"), ("ME_CONFIG_BASICAUTH", "false"),
             ("ME_CONFIG_MONGODB_ADMINUSERNAME", "admin"), ("ME_CONFIG_MONGODB_ADMINPASSWORD", Password)],
            env.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task Storedb_connection_string_is_the_official_one_with_the_password_url_encoded()
    {
        await using var model = await RunModelAsync();

        var storeDb = model.Builder.Resource<MongoDBDatabaseResource>(ResourceNames.StoreDb);
        var mongo = model.Builder.Resource<MongoDBServerResource>(ResourceNames.Mongo);

        Assert.Equal($"mongodb://admin:{EncodedPassword}@localhost:27017/storedb?authSource=admin&authMechanism=SCRAM-SHA-256", await storeDb.ConnectionStringExpression.GetValueAsync(Ct));
        Assert.Equal($"mongodb://admin:{EncodedPassword}@localhost:27017/?authSource=admin&authMechanism=SCRAM-SHA-256", await mongo.ConnectionStringExpression.GetValueAsync(Ct));
        Assert.Equal(new Dictionary<string, string> { ["MONGO_INITDB_ROOT_USERNAME"] = "admin", ["MONGO_INITDB_ROOT_PASSWORD"] = Password },
            await model.EnvironmentAsync(ResourceNames.Mongo));
    }

    [Fact]
    public async Task The_Store_built_with_the_evaluated_storedb_connection_string_resolves_its_database_without_a_server()
    {
        await using var model = await RunModelAsync();
        var connectionString = await model.Builder.Resource<MongoDBDatabaseResource>(ResourceNames.StoreDb).ConnectionStringExpression.GetValueAsync(Ct);
        var store = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        store.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.StoreDb}"] = connectionString });
        store.Services.AddLogging();

        store.AddStoreDatabase();
        await using var services = store.Services.BuildServiceProvider();

        // The client connects lazily: resolving proves the wiring and the URL's parsing, not that a server accepts the password.
        var database = services.GetRequiredService<IMongoDatabase>();
        Assert.Equal(ResourceNames.StoreDb, database.DatabaseNamespace.DatabaseName);
        Assert.Equal(new MongoServerAddress("localhost", 27017), database.Client.Settings.Server);
        var credential = database.Client.Settings.Credential;
        Assert.Equal(("SCRAM-SHA-256", "admin", "admin"), (credential.Mechanism, credential.Source, credential.Username));
        Assert.Equal(new PasswordEvidence(Password), credential.Evidence);
        Assert.IsType<MongoStoreRepository>(services.GetRequiredService<IStoreRepository>());
    }

    [Fact]
    public async Task Kafka_and_MongoDB_volumes_are_named_by_Aspires_generator_like_PostgreSQLs_so_each_clone_has_its_own()
    {
        await using var model = await RunModelAsync();

        var postgres = Volume(model.Builder.Resource<PostgresServerResource>(ResourceNames.Postgres));
        var kafka = Volume(model.Builder.Resource<KafkaServerResource>(ResourceNames.Kafka));
        var mongo = Volume(model.Builder.Resource<MongoDBServerResource>(ResourceNames.Mongo));

        Assert.Matches("^storealerts\\.apphost-[0-9a-f]{10}-postgres-data$", postgres.Source);
        Assert.Equal((postgres.Source!.Replace("-postgres-data", "-kafka-data"), "/var/lib/kafka/data"), (kafka.Source, kafka.Target));
        Assert.Equal((postgres.Source!.Replace("-postgres-data", "-mongo-data"), "/data/db"), (mongo.Source, mongo.Target));
    }

    [Fact]
    public async Task MailDev_takes_random_host_ports_with_a_warning_when_1080_and_1025_are_taken()
    {
        // Whoever holds them (this test, or a MailDev already running on this machine), both ports are taken meanwhile.
        using var inbox = TryListen(1080);
        using var smtp = TryListen(1025);
        var builder = DistributedApplication.CreateBuilder(["Infrastructure=containers"]);
        var infrastructure = StoreAlertsInfrastructure.Choose(builder);

        var maildev = Assert.IsType<MailDevResource>(infrastructure.AddMailServer().Resource);

        Assert.Equal((null, 1080), (maildev.Endpoint("http").Port, maildev.Endpoint("http").TargetPort));
        Assert.Equal((null, 1025), (maildev.Endpoint("smtp").Port, maildev.Endpoint("smtp").TargetPort));
        Assert.Equal(
            ["Port 1080 (MailDev's inbox) is taken on this machine, so it gets a random port instead: the maildev resource on the dashboard shows it.",
             "Port 1025 (MailDev's SMTP) is taken on this machine, so it gets a random port instead: the maildev resource on the dashboard shows it."],
            infrastructure.Warnings);
    }

    private static ContainerMountAnnotation Volume(IResource resource) =>
        Assert.Single(resource.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);

    private static TcpListener? TryListen(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task<RunModel> RunModelAsync()
    {
        var builder = await AppModel.CreateAsync("Infrastructure=containers", $"Parameters:mongo-password={Password}");
        Allocate(builder.Resource<KafkaServerResource>(ResourceNames.Kafka), "tcp", 27017);
        Allocate(builder.Resource<MongoDBServerResource>(ResourceNames.Mongo), "tcp", 27017);
        var app = await builder.BuildAsync(Ct);
        return new RunModel(builder, app);
    }

    private static void Allocate(IResource resource, string endpoint, int port)
    {
        var annotation = resource.Endpoint(endpoint);
        annotation.AllocatedEndpoint = new AllocatedEndpoint(annotation, "localhost", port);
    }

    private sealed record RunModel(IDistributedApplicationTestingBuilder Builder, DistributedApplication App) : IAsyncDisposable
    {
        public async Task<Dictionary<string, string>> EnvironmentAsync(string resource)
        {
            var context = new DistributedApplicationExecutionContext(new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Run)
            {
                Services = App.Services,
            });
            var result = await ExecutionConfigurationBuilder.Create(Builder.Resource<IResource>(resource))
                .WithEnvironmentVariablesConfig()
                .BuildAsync(context, NullLogger.Instance, Ct);
            return result.Exception is { } error ? throw error : result.EnvironmentVariables.ToDictionary();
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Builder.DisposeAsync();
        }
    }
}
