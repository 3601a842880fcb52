using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>Settings of a Kafka consumer; bound from <c>Aspire:Confluent:Kafka:Consumer</c> as in Aspire.Confluent.Kafka.</summary>
public sealed class KafkaConsumerSettings : IKafkaClientSettings
{
    public string? ConnectionString { get; set; }
    public ConsumerConfig Config { get; } = new();
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }

    ClientConfig IKafkaClientSettings.ClientConfig => Config;
}
