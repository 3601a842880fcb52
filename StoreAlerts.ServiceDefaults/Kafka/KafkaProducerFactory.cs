using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Builds a new producer with the settings <c>AddKafkaProducer</c> bound, for an owner that must replace its producer
/// after a fatal error (an idempotent producer that hit one refuses every later message).
/// </summary>
public sealed class KafkaProducerFactory<TKey, TValue>(Func<IProducer<TKey, TValue>> create)
{
    public IProducer<TKey, TValue> Create() => create();
}
