namespace StoreAlerts.AppHost.Tests.Model;

public class ProjectsModelTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task Store_gets_kafka_and_its_database_and_waits_for_both(string mode)
    {
        await using var builder = await AppModel.CreateAsync($"Infrastructure={mode}");

        var env = await builder.EnvironmentAsync(ResourceNames.Store);

        Assert.Equal("{kafka.connectionString}", env["ConnectionStrings__kafka"]);
        Assert.Equal("{storedb.connectionString}", env["ConnectionStrings__storedb"]);
        Assert.Equal(mode == "local" ? "LiteDB" : "MongoDB", env["StoreDatabase__Provider"]);
        // Waiting for a database also waits for its server.
        Assert.Equal(mode == "local" ? [ResourceNames.Identity, ResourceNames.Kafka, ResourceNames.StoreDb] : [ResourceNames.Identity, ResourceNames.Kafka, ResourceNames.Mongo, ResourceNames.StoreDb],
            WaitsFor(builder, ResourceNames.Store));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task Alert_gets_kafka_alertdb_mail_and_the_settings_of_its_emails(string mode)
    {
        await using var builder = await AppModel.CreateAsync($"Infrastructure={mode}");

        var env = await builder.EnvironmentAsync(ResourceNames.Alert);

        Assert.Equal("{kafka.connectionString}", env["ConnectionStrings__kafka"]);
        Assert.Equal("{alertdb.connectionString}", env["ConnectionStrings__alertdb"]);
        Assert.Equal("{maildev.connectionString}", env["ConnectionStrings__maildev"]);
        Assert.Equal("{alert-distribution-list.value}", env["Alert__DistributionList"]);
        Assert.Equal("StoreAlerts <alerts@storealerts.local>", env["Alert__From"]);
        Assert.Equal("{gateway.bindings.http.url}", env["Alert__GatewayBaseUrl"]);
        Assert.Equal([ResourceNames.AlertDb, ResourceNames.Identity, ResourceNames.Kafka, ResourceNames.MailDev, ResourceNames.Postgres], WaitsFor(builder, ResourceNames.Alert));
        Assert.Equal("store-managers@storealerts.local", await builder.Resource<ParameterResource>("alert-distribution-list").GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task The_gateway_alone_is_reachable_from_outside_and_routes_to_store_and_alert(string mode)
    {
        await using var builder = await AppModel.CreateAsync($"Infrastructure={mode}");

        var env = await builder.EnvironmentAsync(ResourceNames.Gateway);

        Assert.Contains("services__store__http__0", env.Keys);
        Assert.Contains("services__alert__http__0", env.Keys);
        Assert.Equal([ResourceNames.Alert, ResourceNames.Identity, ResourceNames.Store], WaitsFor(builder, ResourceNames.Gateway));
        // The sign-in provider is reached through the gateway (/auth, ADR-013), not on an endpoint of its own.
        var external = builder.Resources.Where(r => r.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal)).Select(r => r.Name).Order();
        Assert.Equal([ResourceNames.Gateway], external);
        Assert.Equal(8080, builder.Resource<ProjectResource>(ResourceNames.Gateway).Endpoint("http").Port);
    }

    [Theory]
    [InlineData("local", "{maildev.bindings.http.url}")]
    [InlineData("containers", "{maildev.bindings.http.url}")]
    [InlineData("external", null)]
    public async Task Gateway_home_page_links_to_the_inbox_where_the_mail_server_has_one(string mode, string? expected)
    {
        await using var builder = await ExternalModelTests.CreateExternalAwareAsync(mode);

        var env = await builder.EnvironmentAsync(ResourceNames.Gateway);

        Assert.Equal(expected, env.GetValueOrDefault("Links__MailDev"));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    [InlineData("external")]
    public async Task Every_service_is_health_checked_on_its_health_endpoint(string mode)
    {
        await using var builder = await ExternalModelTests.CreateExternalAwareAsync(mode);

        foreach (var name in new[] { ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway })
        {
            var project = builder.Resource<ProjectResource>(name);
            Assert.Contains(project.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.StartsWith($"{name}_http"));
        }
    }

    private static string[] WaitsFor(IDistributedApplicationTestingBuilder builder, string name) =>
        [.. builder.Resource<ProjectResource>(name).Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Order()];
}
