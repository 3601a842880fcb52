using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreAlerts.Testing;

namespace StoreAlerts.AppHost.Tests.Hosting;

/// <summary>
/// The AppHost's <c>kafka_check</c> (what <c>WaitFor(kafka)</c> waits on), as <c>AddKafka</c> registers it, against librdkafka's
/// mock cluster: healthy only when a message is produced and acknowledged, as the official integration checks.
/// </summary>
public class KafkaHealthCheckTests
{
    private const string HealthTopic = "healthchecks-topic";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthy_means_a_message_reached_the_health_topic()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.CreateTopic(HealthTopic, partitions: 1);

        var report = await CheckAsync(cluster);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "health-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(HealthTopic);
        var message = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.Equal("healthcheck-key", message?.Message.Key);
        Assert.StartsWith("Check Kafka healthy on ", message?.Message.Value);
    }

    [Fact]
    public async Task A_broker_that_answers_metadata_but_cannot_take_a_message_is_unhealthy()
    {
        // Broker 1 answers at the bootstrap address; the health topic's leader, broker 2, is unreachable: what a wrong
        // advertised listener looks like to a client. A metadata-only check passed here.
        using var cluster = KafkaMockCluster.Start(brokers: 2);
        cluster.CreateTopic(HealthTopic, partitions: 1);
        cluster.SetPartitionLeader(HealthTopic, 0, brokerId: 2);
        cluster.SetBrokerDown(2);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = FirstBroker(cluster) }).Build())
        {
            Assert.NotEmpty(admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers);
        }

        var report = await CheckAsync(cluster);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.StartsWith($"Producing to {HealthTopic} failed: ", report.Description);
    }

    [Fact]
    public async Task A_broker_that_is_down_is_unhealthy()
    {
        using var cluster = KafkaMockCluster.Start();
        cluster.SetBrokerDown();

        var report = await CheckAsync(cluster);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    private static async Task<HealthReportEntry> CheckAsync(KafkaMockCluster cluster)
    {
        var builder = DistributedApplication.CreateBuilder();
        var kafka = builder.AddKafka(ResourceNames.Kafka);
        var address = FirstBroker(cluster).Split(':');
        var endpoint = kafka.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "tcp");
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, address[0], int.Parse(address[1]));
        await using var app = builder.Build();
        await builder.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka.Resource, app.Services), Ct);

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "kafka_check", Ct);

        return Assert.Single(report.Entries).Value;
    }

    private static string FirstBroker(KafkaMockCluster cluster) => cluster.BootstrapServers.Split(',')[0];
}
