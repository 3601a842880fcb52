using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A producer from <see cref="KafkaProducerFactory{TKey, TValue}"/>, built on first use, that its owner replaces after a
/// fatal error: an idempotent producer that hit one refuses every later message, so retrying on it never succeeds.
/// </summary>
public sealed class ReplaceableProducer<TKey, TValue>(KafkaProducerFactory<TKey, TValue> factory) : IDisposable
{
    private readonly Lock _lock = new();
    private IProducer<TKey, TValue>? _producer;
    private volatile bool _failedFatally;

    public IProducer<TKey, TValue> Current => _producer ?? Build();

    /// <summary>Notes a fatal error seen by the owner (a produce call that threw); the error handler notes the others.</summary>
    public void Note(Error error)
    {
        if (error.IsFatal || error.Code == ErrorCode.Local_Fatal)
        {
            _failedFatally = true;
        }
    }

    /// <summary>
    /// Replaces the producer if it hit a fatal error since it was built; sending again what it did not deliver is the
    /// owner's job. Returns whether it did.
    /// </summary>
    public bool ReplaceIfFailed()
    {
        lock (_lock)
        {
            if (!_failedFatally)
            {
                return false;
            }

            var dead = _producer;
            _producer = factory.Create(Note);
            _failedFatally = false;
            dead?.Dispose();
            return true;
        }
    }

    public void Flush(TimeSpan timeout) => _producer?.Flush(timeout);

    public void Dispose() => _producer?.Dispose();

    private IProducer<TKey, TValue> Build()
    {
        lock (_lock)
        {
            return _producer ??= factory.Create(Note);
        }
    }
}
