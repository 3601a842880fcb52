namespace StoreAlerts.AppHost.Tests.Model;

public class ContainersModelTests
{
    [Fact]
    public async Task Kafka_is_a_confluent_local_container_with_a_host_and_a_container_listener()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers");

        var kafka = builder.Resource<KafkaServerResource>(ResourceNames.Kafka);
        var env = await kafka.PublishedEnvironmentAsync();

        Assert.Equal("docker.io/confluentinc/confluent-local:8.1.1", $"{kafka.Annotations.OfType<ContainerImageAnnotation>().Single().Registry}/{kafka.Image()}");
        Assert.Equal(9092, kafka.Endpoint("tcp").TargetPort);
        Assert.Equal(9093, kafka.Endpoint("internal").TargetPort);
        Assert.Contains("PLAINTEXT_HOST://0.0.0.0:9092", env["KAFKA_LISTENERS"]);
        Assert.Contains("PLAINTEXT_INTERNAL://{kafka.bindings.internal.host}:{kafka.bindings.internal.port}", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Equal("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}", kafka.ConnectionStringExpression.ValueExpression);
        Assert.Contains(kafka.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "kafka_check");
    }

    [Fact]
    public async Task Development_tools_are_containers_left_out_of_the_manifest()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers");

        var kafkaUi = builder.Resource<ContainerResource>("kafka-ui");
        var mongoExpress = builder.Resource<ContainerResource>("mongo-mongoexpress");
        var maildev = builder.Resource<MailDevResource>(ResourceNames.MailDev);

        Assert.Equal("kafbat/kafka-ui:v1.4.2", kafkaUi.Image());
        Assert.Equal("library/mongo-express:1.0", mongoExpress.Image());
        Assert.Equal("maildev/maildev:2.1.0", maildev.Image());
        Assert.All([kafkaUi, mongoExpress, maildev], r => Assert.True(r.IsExcludedFromManifest(), r.Name));
        // The usual host ports when free, random ones when taken (ContainersRunModeTests takes them).
        Assert.Equal(1025, maildev.Endpoint("smtp").TargetPort);
        Assert.Contains(maildev.Endpoint("smtp").Port, new int?[] { 1025, null });
        Assert.Equal(1080, maildev.Endpoint("http").TargetPort);
        Assert.Contains(maildev.Endpoint("http").Port, new int?[] { 1080, null });
    }

    [Fact]
    public async Task Storedb_is_a_database_of_the_mongo_container_with_a_generated_password()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers");

        var mongo = builder.Resource<MongoDBServerResource>(ResourceNames.Mongo);
        var storeDb = builder.Resource<MongoDBDatabaseResource>(ResourceNames.StoreDb);
        var env = await mongo.PublishedEnvironmentAsync();

        Assert.Same(mongo, storeDb.Parent);
        Assert.Equal("library/mongo:8.2", mongo.Image());
        Assert.Equal(27017, mongo.Endpoint("tcp").TargetPort);
        Assert.Equal("mongo-password", mongo.PasswordParameter.Name);
        Assert.True(mongo.PasswordParameter.Secret);
        Assert.Equal("admin", env["MONGO_INITDB_ROOT_USERNAME"]);
        Assert.Equal("{mongo-password.value}", env["MONGO_INITDB_ROOT_PASSWORD"]);
        Assert.Equal("mongodb://admin:{mongo-password.value}@{mongo.bindings.tcp.host}:{mongo.bindings.tcp.port}/storedb?authSource=admin&authMechanism=SCRAM-SHA-256",
            storeDb.ConnectionStringExpression.ValueExpression.Replace("{mongo-password.value:uri}", "{mongo-password.value}"));
    }

    [Fact]
    public async Task Alertdb_is_a_database_of_the_official_postgres_integration()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers");

        var postgres = builder.Resource<PostgresServerResource>(ResourceNames.Postgres);
        var alertDb = builder.Resource<PostgresDatabaseResource>(ResourceNames.AlertDb);

        Assert.Same(postgres, alertDb.Parent);
        Assert.Equal("postgres-password", postgres.PasswordParameter.Name);
    }
}
