using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// The consume loop (ADR-003): read a batch, store its alerts in one transaction, dead-letter
/// what is invalid, and only then store the offsets that auto-commit (and Close on shutdown) will commit.
/// A database or dead-letter failure holds the batch and retries it with backoff; nothing is committed meanwhile.
/// </summary>
public sealed class AlertConsumer(
    IConsumer<string, string> consumer,
    AlertBatchWriter writer,
    DeadLetterPublisher deadLetters,
    DatabaseMigrator database,
    AlertBroadcaster broadcaster,
    WakeUpSignal dispatch,
    ConsumerState state,
    AlertMetrics metrics,
    IOptions<ConsumerOptions> options,
    ILogger<AlertConsumer> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("StoreAlerts.Alert");

    private readonly ConsumerOptions _settings = options.Value;
    private DateTimeOffset _nextLagUpdate;

    // Consume blocks, so the loop gets a thread of its own instead of holding a pool thread hostage.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
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
        var batch = ReadBatch();
        UpdateLag();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await ProcessAsync(batch, stoppingToken);
        }
        catch
        {
            Rewind(batch);
            throw;
        }
    }

    private List<ConsumeResult<string, string>> ReadBatch()
    {
        var batch = new List<ConsumeResult<string, string>>();
        try
        {
            var timeout = _settings.PollTimeout;
            while (batch.Count < _settings.BatchSize && consumer.Consume(timeout) is { } record)
            {
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
        return batch;
    }

    private async Task ProcessAsync(List<ConsumeResult<string, string>> batch, CancellationToken stoppingToken)
    {
        var activities = new List<Activity>();
        var valid = new List<ValidatedAlert>(batch.Count);
        var rejected = new List<(ConsumeResult<string, string>, ReadResult)>();
        try
        {
            foreach (var record in batch)
            {
                if (StartProcessActivity(record) is { } activity)
                {
                    activities.Add(activity);
                }

                var result = StoreAlertEventReader.Read(record.Message.Value, record.TopicPartitionOffset, record.Message.Timestamp.UtcDateTime);
                if (result.Alert is { } alert)
                {
                    valid.Add(alert);
                }
                else
                {
                    rejected.Add((record, result));
                }
            }

            // The write and the dead-lettering are not cancelled by shutdown: a started batch is finished.
            var created = await RetryAsync(() => writer.WriteAsync(valid, CancellationToken.None), "storing alerts", stoppingToken);
            await RetryAsync(async () => { await deadLetters.PublishAsync(rejected, CancellationToken.None); return true; },
                "dead-lettering invalid records", stoppingToken);
            StoreOffsets(batch);

            metrics.Stored(created.Count);
            metrics.DuplicatesSkipped(valid.Count - created.Count);
            metrics.DeadLettered(rejected.Count);
            foreach (var (record, result) in rejected)
            {
                logger.LogWarning("Dead-lettered {Topic}/{Partition}@{Offset}: {Field}: {Error}",
                    record.Topic, record.Partition.Value, record.Offset.Value, result.Field, result.Error);
            }
            state.Succeeded();
            broadcaster.Publish(created);
            if (created.Count > 0)
            {
                dispatch.Notify();
            }
        }
        finally
        {
            foreach (var activity in activities)
            {
                activity.Dispose();
            }
        }
    }

    private static Activity? StartProcessActivity(ConsumeResult<string, string> record)
    {
        var parent = record.Message.Headers.ExtractTraceContext();
        var activity = ActivitySource.StartActivity($"{record.Topic} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", record.Topic);
        activity?.SetTag("messaging.destination.partition.id", record.Partition.Value.ToString());
        activity?.SetTag("messaging.kafka.offset", record.Offset.Value);
        return activity;
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
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high.Value >= 0 && position.Value >= 0)
            {
                lag += Math.Max(0, high.Value - position.Value);
            }
        }
        state.SetLag(lag);
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
