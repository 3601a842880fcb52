using StoreAlerts.AppHost.Local;

namespace StoreAlerts.AppHost.Tests.Model;

public class LocalModelTests
{
    [Fact]
    public async Task Local_mode_holds_no_container_so_it_runs_without_a_container_runtime()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local");

        Assert.DoesNotContain(builder.Resources, r => r.IsContainer());
        Assert.DoesNotContain(builder.Resources, r => r.Name == ResourceNames.Mongo);
    }

    [Fact]
    public async Task Kafka_is_the_in_process_dev_broker()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local");

        var kafka = builder.Resource<KafkaDevBrokerResource>(ResourceNames.Kafka);

        Assert.Contains(kafka.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "kafka_check");
    }

    [Fact]
    public async Task Postgres_runs_from_the_machine_binaries_with_alertdb_as_its_child()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local");

        var postgres = builder.Resource<LocalPostgresServerResource>(ResourceNames.Postgres);
        var alertDb = builder.Resource<LocalPostgresDatabaseResource>(ResourceNames.AlertDb);
        var args = await postgres.ArgumentsAsync();

        Assert.Same(postgres, alertDb.Parent);
        Assert.Equal("alertdb", alertDb.DatabaseName);
        Assert.EndsWith("postgres", args.FirstOrDefault(a => a.EndsWith("/postgres")) ?? postgres.Command);
        Assert.Equal(postgres.DataDirectory, args[Array.IndexOf(args, "-D") + 1]);
        Assert.Equal(postgres.SocketDirectory, args[Array.IndexOf(args, "-k") + 1]);
        Assert.Equal("{postgres.bindings.tcp.targetPort}", (await postgres.PublishedEnvironmentAsync())["PGPORT"]);
        Assert.Equal("postgres-password", postgres.PasswordParameter.Name);
        Assert.Equal("{postgres.connectionString};Database=alertdb", alertDb.ConnectionStringExpression.ValueExpression);
        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            postgres.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task Maildev_runs_with_node_on_the_fixed_development_ports()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local");

        var maildev = builder.Resource<LocalMailDevResource>(ResourceNames.MailDev);
        var args = await maildev.ArgumentsAsync();
        var env = await maildev.PublishedEnvironmentAsync();

        Assert.Equal("node", maildev.Command);
        Assert.EndsWith(Path.Combine("maildev-3.0.0", "node_modules", "maildev", "dist", "bin", "maildev.js"), args[0]);
        Assert.Equal(1025, maildev.Endpoint("smtp").Port);
        Assert.Equal(1080, maildev.Endpoint("http").Port);
        Assert.Equal(["{maildev.bindings.smtp.targetPort}", "{maildev.bindings.http.targetPort}"],
            [env["MAILDEV_SMTP_PORT"], env["MAILDEV_WEB_PORT"]]);
        Assert.Equal("Endpoint=smtp://{maildev.bindings.smtp.host}:{maildev.bindings.smtp.port}", maildev.ConnectionStringExpression.ValueExpression);
        Assert.Contains(maildev.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == "delete-all-emails" && c.DisplayName == "Delete all emails");
    }

    [Fact]
    public async Task Storedb_is_a_LiteDB_file_in_the_data_directory()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "storealerts-model-" + Guid.NewGuid().ToString("N"));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.StoreAlerts_AppHost>(
            ["Infrastructure=local", $"StoreAlerts:DataDirectory={dataDirectory}"], TestContext.Current.CancellationToken);

        var storeDb = builder.Resource<IResourceWithConnectionString>(ResourceNames.StoreDb);

        Assert.Equal($"Filename={Path.Combine(dataDirectory, "store", "storedb.db")};Connection=shared", await storeDb.GetConnectionStringAsync(TestContext.Current.CancellationToken));
    }
}
