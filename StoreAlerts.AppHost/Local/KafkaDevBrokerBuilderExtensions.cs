using System.Collections.Immutable;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Local;

public static class KafkaDevBrokerBuilderExtensions
{
    internal const string InMemoryNote = "in memory: topics and messages are lost when the AppHost stops";

    /// <summary>Adds the in-memory development broker; it starts with the app and stops with it.</summary>
    public static IResourceBuilder<KafkaDevBrokerResource> AddKafkaDevBroker(this IDistributedApplicationBuilder builder, string name)
    {
        builder.Services.AddSingleton<KafkaDevBroker>();
        var resource = new KafkaDevBrokerResource(name);
        var healthCheck = builder.AddKafkaHealthCheck(resource);
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Kafka dev broker",
                State = KnownResourceStates.NotStarted,
                Properties = [new(CustomResourceKnownProperties.Source, "librdkafka mock cluster in the AppHost process"), new("storage", InMemoryNote)],
            })
            .WithHealthCheck(healthCheck)
            .OnInitializeResource(StartAsync);
    }

    private static async Task StartAsync(KafkaDevBrokerResource resource, InitializeResourceEvent e, CancellationToken ct)
    {
        await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting });
        var servers = e.Services.GetRequiredService<KafkaDevBroker>().Start(e.Logger);
        resource.SetBootstrapServers(servers);
        e.Logger.LogWarning("Kafka dev broker (librdkafka mock cluster) listening on {BootstrapServers}; data is {Note}.", servers, InMemoryNote);

        await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, e.Services), ct);
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), ct);
        await e.Notifications.PublishUpdateAsync(resource, s => s with
        {
            State = KnownResourceStates.Running,
            StartTimeStamp = DateTime.UtcNow,
            Properties = s.Properties.SetResourceProperty("bootstrap.servers", servers),
            Urls = [new UrlSnapshot("bootstrap", $"tcp://{servers}", IsInternal: false)],
        });
    }

    private static ImmutableArray<ResourcePropertySnapshot> SetResourceProperty(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object value) =>
        [.. properties.Where(p => p.Name != name), new ResourcePropertySnapshot(name, value)];
}
