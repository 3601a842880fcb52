using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace StoreAlerts.Store.Tests.Hosting;

/// <summary>Reads a topic from the beginning with a plain consumer on all partitions (no group, so no join delay).</summary>
public sealed class TopicReader : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly List<ConsumeResult<string, string>> _seen = [];

    public TopicReader(string bootstrapServers, string topic, int partitions = 4)
    {
        _consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> messages with the given keys arrived, then keeps reading for
    /// <paramref name="quietPeriod"/> so that extra (duplicate) messages are caught too. Returns them in arrival order.
    /// </summary>
    public IReadOnlyList<ConsumeResult<string, string>> Read(IReadOnlyCollection<string> keys, int expected, TimeSpan timeout, TimeSpan? quietPeriod = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Matching(keys).Count < expected && DateTime.UtcNow < deadline)
        {
            Poll(TimeSpan.FromMilliseconds(100));
        }

        var quietUntil = DateTime.UtcNow + (quietPeriod ?? TimeSpan.FromMilliseconds(500));
        while (DateTime.UtcNow < quietUntil)
        {
            Poll(TimeSpan.FromMilliseconds(50));
        }

        return Matching(keys);
    }

    public void Dispose() => _consumer.Dispose();

    private List<ConsumeResult<string, string>> Matching(IReadOnlyCollection<string> keys) => _seen.Where(r => keys.Contains(r.Message.Key)).ToList();

    private void Poll(TimeSpan timeout)
    {
        if (_consumer.Consume(timeout) is { IsPartitionEOF: false } result)
        {
            _seen.Add(result);
        }
    }
}

public static class MessageReading
{
    public static JsonElement Payload(this ConsumeResult<string, string> result) => JsonDocument.Parse(result.Message.Value).RootElement;

    public static string? Header(this ConsumeResult<string, string> result, string name) =>
        result.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
