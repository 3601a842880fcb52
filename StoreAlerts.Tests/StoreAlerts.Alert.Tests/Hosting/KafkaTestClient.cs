using System.Text;
using Confluent.Kafka;

namespace StoreAlerts.Alert.Tests;

/// <summary>What a test does on the Kafka side: produce events, read the dead-letter topic, read committed offsets.</summary>
public sealed class KafkaTestClient(string bootstrapServers) : IDisposable
{
    public string BootstrapServers => bootstrapServers;

    private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(
        new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5, EnableIdempotence = true }).Build();

    public async Task<TopicPartitionOffset> ProduceAsync(string topic, string key, string value, Headers? headers = null) =>
        (await _producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value, Headers = headers ?? [] })).TopicPartitionOffset;

    /// <summary>Sum over the topic's partitions of the group's committed offsets: how many records it has finished.</summary>
    public long CommittedCount(string topic, string groupId, int partitions = 4)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = groupId }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return committed.Where(c => c.Offset.Value >= 0).Sum(c => c.Offset.Value);
    }

    public async Task WaitForCommittedAsync(string topic, string groupId, long count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        long seen;
        while ((seen = CommittedCount(topic, groupId)) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} committed records on {topic}, found {seen}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Reads <paramref name="count"/> records of a topic from the start.</summary>
    public List<ConsumeResult<string, string>> ReadAll(string topic, int count, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            TopicMetadataRefreshIntervalMs = 200,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var records = new List<ConsumeResult<string, string>>();
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
            }
        }
        consumer.Close();
        return records;
    }

    public static string Header(ConsumeResult<string, string> record, string key) =>
        record.Message.Headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : throw new KeyNotFoundException(key);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
