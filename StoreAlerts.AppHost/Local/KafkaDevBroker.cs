using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Local;

/// <summary>Owns the librdkafka mock cluster, which lives exactly as long as the client that created it.</summary>
internal sealed class KafkaDevBroker : IDisposable
{
    private IDisposable? _owner;

    public string Start(ILogger logger)
    {
        if (LibrdkafkaMockCluster.TryStart() is { } cluster)
        {
            _owner = cluster;
            logger.LogInformation("Consumer groups join without the initial rebalance delay.");
            return cluster.BootstrapServers;
        }

        // Portable fallback: an admin client asked for a mock cluster; its address is a placeholder librdkafka ignores.
        var config = new AdminClientConfig { BootstrapServers = "dev-broker:1" };
        config.Set("test.mock.num.brokers", "1");
        var admin = new AdminClientBuilder(config)
            .SetLogHandler((_, message) => logger.LogDebug("{Facility}: {Message}", message.Facility, message.Message))
            .Build();
        _owner = admin;
        var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Single();
        logger.LogInformation("Consumer groups wait the broker's 3 s initial rebalance delay (the C API is not reachable here).");
        return $"{broker.Host}:{broker.Port}";
    }

    public void Dispose() => _owner?.Dispose();
}
