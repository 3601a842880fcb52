using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>A Kafka broker in a container (KRaft, single node).</summary>
public sealed class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString, IResourceWithEnvironment
{
    public const string PrimaryEndpointName = "tcp";
    public const string InternalEndpointName = "internal";

    /// <summary>For processes on the host.</summary>
    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);

    /// <summary>For other containers (Kafka UI).</summary>
    public EndpointReference InternalEndpoint => new(this, InternalEndpointName, KnownNetworkIdentifiers.DefaultAspireContainerNetwork);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

public sealed class KafkaUIContainerResource(string name) : ContainerResource(name);

public static class KafkaBuilderExtensions
{
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var kafka = new KafkaServerResource(name);
        var healthCheck = builder.AddKafkaHealthCheck(kafka);
        return builder.AddResource(kafka)
            .WithImage("confluentinc/confluent-local", "8.1.1")
            .WithImageRegistry("docker.io")
            .WithEndpoint(port: port, targetPort: 9092, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: 9093, name: KafkaServerResource.InternalEndpointName)
            .WithEnvironment(context => ConfigureListeners(context, kafka))
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Adds one Kafka UI container (kafbat/kafka-ui) showing every Kafka resource; development only.</summary>
    public static IResourceBuilder<KafkaServerResource> WithKafkaUI(this IResourceBuilder<KafkaServerResource> builder, int? hostPort = null)
    {
        var app = builder.ApplicationBuilder;
        if (app.Resources.OfType<KafkaUIContainerResource>().Any())
        {
            return builder;
        }

        app.AddResource(new KafkaUIContainerResource("kafka-ui"))
            .WithImage("kafbat/kafka-ui", "v1.4.2")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(port: hostPort, targetPort: 8080, name: "http")
            .WithEnvironment(context =>
            {
                var clusters = app.Resources.OfType<KafkaServerResource>().ToList();
                for (var i = 0; i < clusters.Count; i++)
                {
                    context.EnvironmentVariables[$"KAFKA_CLUSTERS_{i}_NAME"] = clusters[i].Name;
                    context.EnvironmentVariables[$"KAFKA_CLUSTERS_{i}_BOOTSTRAPSERVERS"] = context.ExecutionContext.IsRunMode
                        ? $"{clusters[i].Name}:9093"
                        : clusters[i].InternalEndpoint.Property(EndpointProperty.HostAndPort);
                }
            })
            .WithParentRelationship(builder.Resource)
            .ExcludeFromManifest();
        return builder;
    }

    public static IResourceBuilder<KafkaServerResource> WithDataVolume(this IResourceBuilder<KafkaServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/var/lib/kafka/data")
            .WithEnvironment("KAFKA_LOG_DIRS", "/var/lib/kafka/data");

    internal static string AddKafkaHealthCheck(this IDistributedApplicationBuilder builder, IResourceWithConnectionString kafka)
    {
        string? bootstrapServers = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(kafka, async (_, ct) =>
            bootstrapServers = await kafka.GetConnectionStringAsync(ct));
        var key = $"{kafka.Name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new KafkaProduceHealthCheck(() => bootstrapServers), failureStatus: null, tags: null));
        return key;
    }

    private static void ConfigureListeners(EnvironmentCallbackContext context, KafkaServerResource kafka)
    {
        var env = context.EnvironmentVariables;
        env["KAFKA_LISTENERS"] = "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093";
        env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
        env["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsRunMode
            ? ReferenceExpression.Create($"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{kafka.PrimaryEndpoint.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:9093")
            : ReferenceExpression.Create($"PLAINTEXT://{kafka.PrimaryEndpoint.Property(EndpointProperty.Host)}:29092,PLAINTEXT_HOST://{kafka.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{kafka.InternalEndpoint.Property(EndpointProperty.HostAndPort)}");
    }
}
