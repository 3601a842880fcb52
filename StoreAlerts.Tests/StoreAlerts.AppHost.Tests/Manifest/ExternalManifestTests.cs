namespace StoreAlerts.AppHost.Tests.Manifest;

/// <summary>
/// <c>Infrastructure=external</c> while publishing: a deployment on managed services (Confluent Cloud or Event Hubs, Atlas or
/// Cosmos DB, Azure Database for PostgreSQL, a real SMTP relay), each given as a secret connection string at deployment.
/// </summary>
public class ExternalManifestTests(ExternalPublishedManifest manifest) : IClassFixture<ExternalPublishedManifest>
{
    [Fact]
    public async Task Each_server_is_a_secret_connection_string_parameter_and_no_container_is_deployed()
    {
        var resources = await manifest.ResourcesAsync();

        Assert.All([ResourceNames.Kafka, ResourceNames.StoreDb, ResourceNames.AlertDb, ResourceNames.MailDev], name =>
        {
            var parameter = resources[name]!;
            Assert.Equal(("parameter.v0", $"{{{name}.value}}"), ((string?)parameter["type"], (string?)parameter["connectionString"]));
            Assert.True((bool?)parameter["inputs"]!["value"]!["secret"], $"{name} is not secret");
        });
        Assert.DoesNotContain(resources, r => (string?)r.Value!["type"] == "container.v0");
        Assert.Equal("{storedb.connectionString}", (string?)resources[ResourceNames.Store]!["env"]!["ConnectionStrings__storedb"]);
        Assert.Equal("{alertdb.connectionString}", (string?)resources[ResourceNames.Alert]!["env"]!["ConnectionStrings__alertdb"]);
    }

    [Fact]
    public async Task Only_the_gateway_is_exposed_outside_the_environment()
    {
        var resources = await manifest.ResourcesAsync();

        Assert.Equal([ResourceNames.Gateway], resources
            .Where(r => r.Value!["bindings"]?.AsObject().Any(b => (bool?)b.Value!["external"] == true) == true)
            .Select(r => r.Key));
    }
}

public sealed class ExternalPublishedManifest : PublishedManifest
{
    protected override string[] Arguments => ["Infrastructure=external"];
}
