using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Local;

/// <summary>Owns the librdkafka mock cluster: it lives exactly as long as this admin client.</summary>
internal sealed class KafkaDevBroker : IDisposable
{
    private IAdminClient? _owner;

    public string Start(ILogger logger)
    {
        // The address is a placeholder: with test.mock.num.brokers librdkafka ignores it and bootstraps to the mock.
        var config = new AdminClientConfig { BootstrapServers = "dev-broker:1" };
        config.Set("test.mock.num.brokers", "1");
        _owner = new AdminClientBuilder(config)
            .SetLogHandler((_, message) => logger.LogDebug("{Facility}: {Message}", message.Facility, message.Message))
            .Build();
        var broker = _owner.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Single();
        return $"{broker.Host}:{broker.Port}";
    }

    public void Dispose() => _owner?.Dispose();
}
