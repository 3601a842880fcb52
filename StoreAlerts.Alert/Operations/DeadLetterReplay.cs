using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Consumer;

namespace StoreAlerts.Alert.Operations;

/// <summary>
/// Copies the dead letters written since the last replay from <c>{topic}.DLT</c> back to the topic they came from, once
/// their cause is fixed (ADR-011). Its own consumer group, <c>alert-dlt-replay</c>, remembers how far it got, so a second
/// run copies only letters written since; a PostgreSQL advisory lock lets one replica replay at a time. A run stops at the
/// end the topic had when it started: a letter that fails again is dead-lettered anew and waits for the next run. A copy
/// keeps the key, the value and the original headers (the trace context among them) and drops the <c>dlt-*</c> ones; a crash
/// between the copies and the commit copies them again, and the consumer's event-id dedupe keeps one row.
/// </summary>
public sealed class DeadLetterReplay(
    KafkaConsumerFactory<string, string> consumers,
    IProducer<string, string> producer,
    IServiceScopeFactory scopes,
    IOptions<ConsumerOptions> options,
    ILogger<DeadLetterReplay> logger)
{
    public const string GroupId = "alert-dlt-replay";
    private const long LockKey = 0x53_54_4F_52_45_44_4C_54; // "STOREDLT"
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>How many dead letters were copied back.</returns>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.AddWithValue("key", LockKey);
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        using var consumer = consumers.Create(config =>
        {
            config.GroupId = GroupId;
            config.EnableAutoCommit = false;
            config.AutoOffsetReset = AutoOffsetReset.Earliest;
        });
        var copied = await Task.Run(() => CopyAsync(consumer, options.Value.Topic + DeadLetterPublisher.Suffix, cancellationToken), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private async Task<int> CopyAsync(IConsumer<string, string> consumer, string topic, CancellationToken cancellationToken)
    {
        var ends = Ends(consumer, topic);
        if (ends.Count == 0)
        {
            return 0;
        }

        consumer.Assign(ends.Select(e => e.Start));
        var remaining = ends.ToDictionary(e => e.Start.TopicPartition, e => e.End);
        var deliveries = new List<Task<DeliveryResult<string, string>>>();
        while (remaining.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = consumer.Consume(Timeout) ?? throw new TimeoutException($"No record of {topic} arrived within {Timeout.TotalSeconds} s.");
            if (!remaining.TryGetValue(record.TopicPartition, out var end) || record.Offset.Value >= end)
            {
                continue;
            }

            deliveries.Add(producer.ProduceAsync(SourceTopic(record), Copy(record), cancellationToken));
            if (record.Offset.Value + 1 >= end)
            {
                remaining.Remove(record.TopicPartition);
            }
        }

        await Task.WhenAll(deliveries);
        consumer.Commit(ends.Select(e => new TopicPartitionOffset(e.Start.TopicPartition, e.End)));
        logger.LogInformation("Replayed {Count} dead letter(s) from {Topic}", deliveries.Count, topic);
        return deliveries.Count;
    }

    /// <summary>Each partition with letters not replayed yet: where the group left off, and the end the topic has now.</summary>
    private static List<(TopicPartitionOffset Start, long End)> Ends(IConsumer<string, string> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, Timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError)
        {
            return [];
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var committed = consumer.Committed(partitions, Timeout).ToDictionary(c => c.TopicPartition, c => c.Offset);
        var ends = new List<(TopicPartitionOffset, long)>();
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, Timeout);
            var start = committed.TryGetValue(partition, out var offset) && offset.Value >= 0 ? offset.Value : watermarks.Low.Value;
            if (start < watermarks.High.Value)
            {
                ends.Add((new TopicPartitionOffset(partition, start), watermarks.High.Value));
            }
        }

        return ends;
    }

    private string SourceTopic(ConsumeResult<string, string> record) =>
        record.Message.Headers.TryGetLastBytes(DeadLetterPublisher.TopicHeader, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : options.Value.Topic;

    private static Message<string, string> Copy(ConsumeResult<string, string> record)
    {
        var headers = new Headers();
        foreach (var header in record.Message.Headers.Where(h => !h.Key.StartsWith("dlt-", StringComparison.Ordinal)))
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        return new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value, Headers = headers };
    }
}
