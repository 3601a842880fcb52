using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Builds another consumer with the settings <c>AddKafkaConsumer</c> bound, adjusted by its owner (another group id, say),
/// for a job that must not disturb the registered consumer's group, such as copying a dead-letter topic back.
/// </summary>
public sealed class KafkaConsumerFactory<TKey, TValue>(Func<Action<ConsumerConfig>, IConsumer<TKey, TValue>> create)
{
    public IConsumer<TKey, TValue> Create(Action<ConsumerConfig> adjust) => create(adjust);
}
