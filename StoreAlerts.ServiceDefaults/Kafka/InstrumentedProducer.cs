using System.Diagnostics;
using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Starts a <c>"publish {topic}"</c> producer span (OpenTelemetry's messaging span name) for each message and writes its trace context into the
/// message headers, so the consumer can continue the trace.
/// </summary>
internal sealed class InstrumentedProducer<TKey, TValue>(IProducer<TKey, TValue> inner) : IProducer<TKey, TValue>
{
    public Handle Handle => inner.Handle;
    public string Name => inner.Name;

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
        => PublishAsync(topic, message, () => inner.ProduceAsync(topic, message, cancellationToken));

    public Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
        => PublishAsync(topicPartition.Topic, message, () => inner.ProduceAsync(topicPartition, message, cancellationToken));

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        using var activity = StartPublish(topic, message);
        inner.Produce(topic, message, deliveryHandler);
    }

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        using var activity = StartPublish(topicPartition.Topic, message);
        inner.Produce(topicPartition, message, deliveryHandler);
    }

    private async Task<DeliveryResult<TKey, TValue>> PublishAsync(string topic, Message<TKey, TValue> message, Func<Task<DeliveryResult<TKey, TValue>>> produce)
    {
        using var activity = StartPublish(topic, message);
        try
        {
            var result = await produce().ConfigureAwait(false);
            activity?.SetTag("messaging.kafka.destination.partition", result.Partition.Value);
            return result;
        }
        catch (ProduceException<TKey, TValue> ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Error.Reason).SetTag("error.type", ex.Error.Code.ToString());
            throw;
        }
    }

    private Activity? StartPublish(string topic, Message<TKey, TValue> message)
    {
        // Parent: the current activity, or a context the caller already wrote into the headers (e.g. an outbox
        // relay publishing on behalf of an earlier HTTP request).
        var parent = Activity.Current?.Context ?? message.Headers.ExtractTraceContext();
        var activity = KafkaTelemetry.Source.StartActivity($"publish {topic}", ActivityKind.Producer, parent);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka")
                .SetTag("messaging.operation.type", "send")
                .SetTag("messaging.operation.name", "publish")
                .SetTag("messaging.destination.name", topic)
                .SetTag("messaging.client_id", inner.Name);
            if (message.Key is not null)
            {
                activity.SetTag("messaging.kafka.message.key", message.Key.ToString());
            }
        }

        message.Headers ??= [];
        message.Headers.InjectTraceContext(activity?.Context ?? parent);
        return activity;
    }

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);
    public int Flush(TimeSpan timeout) => inner.Flush(timeout);
    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);
    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);
    public void BeginTransaction() => inner.BeginTransaction();
    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);
    public void CommitTransaction() => inner.CommitTransaction();
    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);
    public void AbortTransaction() => inner.AbortTransaction();
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout)
        => inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);
    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);
    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);
    public void Dispose() => inner.Dispose();
}
