using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>Settings of a Kafka producer; bound from <c>Aspire:Confluent:Kafka:Producer</c> as in Aspire.Confluent.Kafka.</summary>
public sealed class KafkaProducerSettings : IKafkaClientSettings
{
    public string? ConnectionString { get; set; }
    public ProducerConfig Config { get; } = new();
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }

    ClientConfig IKafkaClientSettings.ClientConfig => Config;
}
