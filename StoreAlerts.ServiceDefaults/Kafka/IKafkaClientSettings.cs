using Confluent.Kafka;

namespace Aspire.Confluent.Kafka;

/// <summary>What producer and consumer settings share, so one binder serves both.</summary>
internal interface IKafkaClientSettings
{
    string? ConnectionString { get; set; }
    bool DisableHealthChecks { get; set; }
    bool DisableTracing { get; set; }
    ClientConfig ClientConfig { get; }
}
