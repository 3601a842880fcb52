using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Builds a new producer with the settings <c>AddKafkaProducer</c> bound, for an owner that must replace its producer
/// after a fatal error (an idempotent producer that hit one refuses every later message).
/// </summary>
public sealed class KafkaProducerFactory<TKey, TValue>(Func<Action<Error>?, IProducer<TKey, TValue>> create)
{
    public IProducer<TKey, TValue> Create() => create(null);

    /// <param name="onError">
    /// Called with the producer's client-level errors. A fatal one (<see cref="Error.IsFatal"/>) is reported only here:
    /// the delivery reports that follow carry the underlying broker error code without saying it was fatal.
    /// </param>
    public IProducer<TKey, TValue> Create(Action<Error> onError) => create(onError);
}
