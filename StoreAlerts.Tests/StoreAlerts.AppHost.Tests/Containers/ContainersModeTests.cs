using StoreAlerts.AppHost.Infrastructure;

namespace StoreAlerts.AppHost.Tests.Containers;

/// <summary>The whole <c>dotnet run</c> in containers mode; it needs Docker or Podman and images it can pull.</summary>
public class ContainersModeTests
{
    [Fact]
    public async Task Containers_mode_brings_every_resource_to_healthy()
    {
        var (runtime, explanation) = ContainerRuntimeProbe.Probe(Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME"));
        if (runtime is null)
        {
            Assert.Skip($"No healthy container runtime here: {explanation}.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.StoreAlerts_AppHost>(
            ["Infrastructure=containers", "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true"], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);

        string[] resources = [ResourceNames.Kafka, ResourceNames.Mongo, ResourceNames.StoreDb, ResourceNames.Postgres, ResourceNames.AlertDb,
            ResourceNames.MailDev, ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway];
        await Task.WhenAll(resources.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));

        using var gateway = app.CreateHttpClient(ResourceNames.Gateway, "http");
        Assert.Equal("Healthy", await gateway.GetStringAsync("/health", timeout.Token));
    }
}
