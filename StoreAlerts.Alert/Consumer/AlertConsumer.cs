using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// The consume loop (ADR-003), which only consumes and stores: read a batch, store its alerts (a record PostgreSQL
/// refuses as a data error is isolated and dead-lettered with the rest stored), dead-letter what is invalid, and only then
/// store the offsets that auto-commit (and Close on shutdown) will commit. A retryable database or dead-letter failure
/// holds the batch and retries it with backoff; nothing is committed meanwhile. Reacting to stored alerts (the live stream,
/// the emails) is the business of whoever listens on <see cref="AlertsStoredChannel"/>.
/// </summary>
public sealed class AlertConsumer(
    IConsumer<string, string> consumer,
    DataErrorIsolation store,
    DeadLetterPublisher deadLetters,
    DatabaseMigrator database,
    ConsumerState state,
    IOptions<ConsumerOptions> options,
    ILogger<AlertConsumer> logger) : BackgroundService
{
    private readonly ConsumerOptions _settings = options.Value;
    private DateTimeOffset _nextLagUpdate;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
            consumer.Subscribe(_settings.Topic);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollOnceAsync(stoppingToken);
                }
                catch (KafkaException e) when (e.Error.IsFatal)
                {
                    throw;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Never let one bad moment end the loop: the batch was rewound, so nothing is lost.
                    state.Failed(e);
                    logger.LogError(e, "The alert consumer loop failed; restarting it in one second");
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            state.Died(e);
            logger.LogCritical(e, "The alert consumer hit a fatal Kafka error and stopped");
            return;
        }
        finally
        {
            Close();
        }
    }

    private async Task PollOnceAsync(CancellationToken stoppingToken)
    {
        // Consume blocks (up to PollTimeout when the topic is quiet), so each read gets a thread of its own: after the
        // loop's first await it would otherwise hold a pool thread hostage, and the service's requests would wait for it.
        var (batch, undecodable) = await Task.Factory.StartNew(ReadBatch, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        UpdateLag();
        if (batch.Count == 0)
        {
            state.Idle();
            return;
        }

        state.Holding(batch.Count);
        try
        {
            await ProcessAsync(batch, undecodable, stoppingToken);
        }
        catch
        {
            Rewind(batch);
            throw;
        }
    }

    private (List<ConsumeResult<string, string>> Batch, List<DeadLetter> Undecodable) ReadBatch()
    {
        var batch = new List<ConsumeResult<string, string>>();
        var undecodable = new List<DeadLetter>();
        try
        {
            var timeout = _settings.PollTimeout;
            while (batch.Count < _settings.BatchSize)
            {
                ConsumeResult<string, string>? record;
                try
                {
                    record = consumer.Consume(timeout);
                }
                catch (ConsumeException e) when (e.Error.Code is ErrorCode.Local_ValueDeserialization or ErrorCode.Local_KeyDeserialization)
                {
                    // The consumer has moved past it already: it joins the batch, to be dead-lettered and committed with it.
                    record = Lossy(e.ConsumerRecord);
                    undecodable.Add(new DeadLetter(record, e.Error.Code == ErrorCode.Local_KeyDeserialization ? "key" : "value",
                        "The record is not valid UTF-8 (the dead letter holds it with invalid bytes replaced by U+FFFD)."));
                }
                if (record is null)
                {
                    break;
                }

                batch.Add(record);
                timeout = TimeSpan.Zero;
            }
            if (batch.Count == 0)
            {
                state.Succeeded();
            }
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // Unknown topic or partition until the first event creates the topic; a broker hiccup otherwise.
            var level = e.Error.Code == ErrorCode.UnknownTopicOrPart ? LogLevel.Debug : LogLevel.Warning;
            logger.Log(level, "Consume on {Topic} reported {Reason}; polling on", _settings.Topic, e.Error.Reason);
            if (e.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                state.Succeeded();
            }
            else
            {
                state.Failed(e);
            }
        }
        return (batch, undecodable);
    }

    private static ConsumeResult<string, string> Lossy(ConsumeResult<byte[], byte[]> raw) => new()
    {
        TopicPartitionOffset = raw.TopicPartitionOffset,
        Message = new Message<string, string>
        {
            Key = raw.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null!,
            Value = raw.Message.Value is { } value ? Encoding.UTF8.GetString(value) : null!,
            Headers = raw.Message.Headers ?? [],
            Timestamp = raw.Message.Timestamp,
        },
    };

    private async Task ProcessAsync(List<ConsumeResult<string, string>> batch, List<DeadLetter> undecodable, CancellationToken stoppingToken)
    {
        using var receive = ConsumeTracing.StartReceive(_settings.Topic, batch);
        var processing = new List<Activity>();
        var valid = new List<(ConsumeResult<string, string>, ValidatedAlert)>(batch.Count);
        var rejected = new List<DeadLetter>(undecodable);
        var refusedBeforeReading = undecodable.Select(d => d.Record).ToHashSet();
        try
        {
            foreach (var record in batch)
            {
                var process = ConsumeTracing.StartProcess(record);
                if (process is not null)
                {
                    processing.Add(process);
                }

                if (refusedBeforeReading.Contains(record))
                {
                    continue;
                }

                var result = StoreAlertEventReader.Read(record.Message.Value, record.TopicPartitionOffset, record.Message.Timestamp.UtcDateTime);
                if (result.Alert is { } alert)
                {
                    process?.SetTag("storealerts.event_id", alert.EventId).SetTag("storealerts.store_id", alert.StoreId);
                    valid.Add((record, alert with { TraceParent = ConsumeTracing.TraceParent(record, process) }));
                }
                else
                {
                    process?.SetStatus(ActivityStatusCode.Error, result.Error);
                    rejected.Add(new DeadLetter(record, result.Field ?? "value", result.Error ?? "invalid record"));
                }
            }

            // The batch's insert and dead letters are the receive span's children, not the last record's.
            Activity.Current = receive;
            // The write and the dead-lettering are not cancelled by shutdown: a started batch is finished.
            rejected.AddRange(await RetryAsync(() => store.StoreAsync(valid), "storing alerts", stoppingToken));
            await RetryAsync(async () => { await deadLetters.PublishAsync(rejected, CancellationToken.None); return true; },
                "dead-lettering invalid records", stoppingToken);
            StoreOffsets(batch);
            state.Progressed();
            state.Succeeded();
        }
        finally
        {
            foreach (var activity in processing)
            {
                activity.Dispose();
            }
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> action, string what, CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), _settings.MaxRetryDelay);
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                state.Failed(e);
                var delay = backoff.Delay(failures);
                logger.LogWarning(e, "Failed {What}; holding the batch and retrying in {Delay}", what, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private void StoreOffsets(List<ConsumeResult<string, string>> batch)
    {
        foreach (var last in batch.GroupBy(r => r.TopicPartition).Select(g => g.MaxBy(r => r.Offset.Value)!))
        {
            try
            {
                consumer.StoreOffset(last);
            }
            catch (KafkaException e)
            {
                // The partition moved to another member meanwhile; it re-reads these records and the insert dedupes them.
                logger.LogInformation("Could not store the offset of {TopicPartitionOffset}: {Reason}", last.TopicPartitionOffset, e.Error.Reason);
            }
        }
    }

    private void Rewind(List<ConsumeResult<string, string>> batch)
    {
        foreach (var first in batch.GroupBy(r => r.TopicPartition).Select(g => g.MinBy(r => r.Offset.Value)!))
        {
            try
            {
                consumer.Seek(first.TopicPartitionOffset);
            }
            catch (KafkaException e)
            {
                logger.LogWarning("Could not rewind {TopicPartitionOffset}: {Reason}", first.TopicPartitionOffset, e.Error.Reason);
            }
        }
    }

    private void UpdateLag()
    {
        var now = DateTimeOffset.UtcNow;
        if (now < _nextLagUpdate)
        {
            return;
        }

        _nextLagUpdate = now.AddSeconds(1);
        var lags = new Dictionary<int, long>();
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high.Value >= 0 && position.Value >= 0)
            {
                lags[partition.Partition.Value] = Math.Max(0, high.Value - position.Value);
            }
        }
        state.SetLag(lags);
    }

    private void Close()
    {
        try
        {
            // Commits the stored offsets and leaves the group. With the broker gone it waits up to the session timeout,
            // which is why the service keeps that below the host's shutdown timeout (AddAlertConsumer).
            consumer.Close();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Closing the alert consumer failed; records after the last commit will be redelivered (and deduplicated)");
        }
    }
}
