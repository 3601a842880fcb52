namespace StoreAlerts.AppHost.Tests.Model;

public class ExternalModelTests
{
    internal static readonly string[] ConnectionStrings =
    [
        "ConnectionStrings:kafka=broker-1.example:9092",
        "ConnectionStrings:storedb=mongodb://app:secret@mongo.example:27017/storedb",
        "ConnectionStrings:alertdb=Host=pg.example;Port=5432;Username=alerts;Password=secret;Database=alertdb",
        "ConnectionStrings:maildev=Endpoint=smtp://smtp.example:25",
    ];

    internal static Task<IDistributedApplicationTestingBuilder> CreateExternalAwareAsync(string mode) =>
        AppModel.CreateAsync([$"Infrastructure={mode}", .. mode == "external" ? ConnectionStrings : []]);

    [Fact]
    public async Task Every_infrastructure_resource_is_a_connection_string_from_configuration()
    {
        await using var builder = await CreateExternalAwareAsync("external");

        foreach (var setting in ConnectionStrings)
        {
            var (name, value) = (setting["ConnectionStrings:".Length..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            var resource = builder.Resource<IResourceWithConnectionString>(name);
            Assert.IsAssignableFrom<ParameterResource>(resource);
            Assert.Equal(value, await resource.GetConnectionStringAsync(TestContext.Current.CancellationToken));
        }

        Assert.DoesNotContain(builder.Resources, r => r.IsContainer());
        Assert.Equal("MongoDB", (await builder.EnvironmentAsync(ResourceNames.Store))["StoreDatabase__Provider"]);
    }
}
