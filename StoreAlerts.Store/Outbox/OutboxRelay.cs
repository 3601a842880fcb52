using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Store.Outbox;

/// <summary>
/// Publishes pending events to Kafka and removes each one only after its delivery report.
/// A store's events are produced in write order on one partition (the key is the store id) by an
/// idempotent producer, which keeps that order through retries. Failures back off and retry forever; after a fatal
/// producer error (which makes an idempotent producer refuse every later message) the producer is replaced by a new one.
/// </summary>
public sealed partial class OutboxRelay(
    IOutboxStore stores,
    KafkaProducerFactory<string, string> producers,
    WakeUpSignal signal,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly byte[] JsonContentType = Encoding.UTF8.GetBytes("application/json");
    private readonly ReplaceableProducer<string, string> _producer = new(producers);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each publish takes its parent from the event's request, never from whatever started the host.
        Activity.Current = null;
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishRoundAsync(settings, stoppingToken);
                if (failures > 0)
                {
                    LogRecovered(failures);
                    failures = 0;
                }

                if (published < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (_producer.ReplaceIfFailed())
                {
                    // Events it did not deliver stay pending and go out again, in order, through the new producer.
                    LogProducerRebuilt();
                }

                failures++;
                var delay = new Backoff(settings.MinBackoff, settings.MaxBackoff).Delay(failures);
                LogRoundFailed(e, failures, delay);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>On shutdown, gives in-flight events a moment to be delivered and removed, so a restart does not send them again.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.Run(() => _producer.Flush(options.Value.ShutdownDrainTimeout), cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _producer.Dispose();
        base.Dispose();
    }

    /// <summary>One round: every pending event of up to <c>BatchSize</c> stores; returns how many stores it took.</summary>
    private async Task<int> PublishRoundAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var batch = await stores.FindWithPendingEventsAsync(settings.BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            metrics.RoundEnded(0, null);
            return 0;
        }

        var deliveries = batch.Select(store => (store, reports: store.Events.Select(e => Produce(settings.Topic, store.StoreId, e)).ToList())).ToList();
        var failed = 0;
        var waiting = new List<PendingEvent>();
        foreach (var (store, reports) in deliveries)
        {
            // Only the delivered prefix is removed: a later event that went out after a failed one is sent again after it, so the last word stays last.
            var delivered = new List<Guid>();
            for (var i = 0; i < reports.Count; i++)
            {
                if (await reports[i].WaitAsync(cancellationToken) is { } error)
                {
                    failed++;
                    LogDeliveryFailed(store.Events[i].EventId, store.StoreId, error.Reason);
                    break;
                }

                delivered.Add(store.Events[i].EventId);
                metrics.Delivered(store.Events[i].OccurredAt);
            }

            waiting.AddRange(store.Events.Skip(delivered.Count));

            if (delivered.Count > 0)
            {
                // Not cancellable: a delivered event that stays pending is sent again after a restart.
                await stores.RemovePendingEventsAsync(store.StoreId, delivered, CancellationToken.None);
            }
        }

        metrics.RoundEnded(waiting.Count, waiting.Count == 0 ? null : waiting.Min(e => e.OccurredAt));
        if (failed > 0)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"{failed} store(s) had an event that was not delivered; they stay pending."));
        }

        return batch.Count;
    }

    /// <summary>Produces one event; the task ends with its delivery report: null when delivered, else the error.</summary>
    private Task<Error?> Produce(string topic, string storeId, PendingEvent pending)
    {
        var delivery = new TaskCompletionSource<Error?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new Message<string, string>
        {
            Key = storeId,
            Value = pending.Payload,
            Headers = new Headers { { "content-type", JsonContentType } },
        };
        // The HTTP request that made the change is the trace parent; the instrumented producer makes its publish span a child of it.
        if (ActivityContext.TryParse(pending.TraceParent, pending.TraceState, out var requestContext))
        {
            message.Headers.InjectTraceContext(requestContext);
        }

        try
        {
            _producer.Current.Produce(topic, message, report =>
            {
                delivery.SetResult(report.Error.IsError ? report.Error : null);
            });
        }
        catch (KafkaException e)
        {
            _producer.Note(e.Error);
            delivery.SetResult(e.Error);
        }

        return delivery.Task;
    }

    [LoggerMessage(LogLevel.Error, "The outbox producer hit a fatal error; replacing it with a new producer.")]
    private partial void LogProducerRebuilt();

    [LoggerMessage(LogLevel.Warning, "Outbox round failed ({Failures} in a row); retrying in {Delay}.")]
    private partial void LogRoundFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "Outbox publishing again after {Failures} failed round(s).")]
    private partial void LogRecovered(int failures);

    [LoggerMessage(LogLevel.Warning, "Event {EventId} of store {StoreId} was not delivered: {Reason}. It stays pending.")]
    private partial void LogDeliveryFailed(Guid eventId, string storeId, string reason);
}
