using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// In-process fan-out of newly stored alerts to the live stream's listeners. <see cref="Publish"/> only hands the
/// batch to a queue and returns: the consumer's loop never waits for, or does work per, listener. A background
/// loop copies each alert into every listener's own bounded buffer, so a listener that never reads costs at most
/// <see cref="AlertStreamOptions.SubscriberBuffer"/> alerts of memory and slows nobody down. Each alert is
/// serialized once, as its server-sent event, whatever the number of listeners.
/// </summary>
public sealed class AlertBroadcaster : IDisposable
{
    // Batches waiting for the fan-out loop; it keeps up easily, so this only bounds a pathological backlog.
    private const int QueuedBatches = 256;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly Channel<StoreAlert[]> _queue = Channel.CreateBounded<StoreAlert[]>(
        new BoundedChannelOptions(QueuedBatches) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly AlertStreamOptions _options;
    private readonly JsonSerializerOptions _json;
    private int _count;

    public AlertBroadcaster(IOptions<AlertStreamOptions> options, IOptions<JsonOptions>? json = null)
    {
        _options = options.Value;
        _json = json?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        _ = Task.Run(FanOutAsync);
    }

    /// <summary>How many listeners are connected now.</summary>
    public int SubscriberCount => Volatile.Read(ref _count);

    /// <summary>Queues the alerts for the listeners and returns at once; never blocks, whatever the listeners do.</summary>
    public void Publish(IEnumerable<StoreAlert> alerts)
    {
        if (_subscriptions.IsEmpty)
        {
            return;
        }

        var batch = alerts.ToArray();
        if (batch.Length > 0)
        {
            _queue.Writer.TryWrite(batch);
        }
    }

    /// <summary>
    /// Registers at once (not on first read), so nothing stored after this call is missed; null when
    /// <see cref="AlertStreamOptions.MaxSubscribers"/> listeners are already connected.
    /// </summary>
    public Subscription? TrySubscribe()
    {
        if (Interlocked.Increment(ref _count) > _options.MaxSubscribers)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }

        var subscription = new Subscription(this, Math.Max(1, _options.SubscriberBuffer));
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private async Task FanOutAsync()
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync())
        {
            foreach (var alert in batch)
            {
                var response = StoreAlertResponse.From(alert);
                var streamed = new StreamedAlert(response,
                    Encoding.UTF8.GetBytes($"event: alert\ndata: {JsonSerializer.Serialize(response, _json)}\n\n"));
                foreach (var subscription in _subscriptions.Keys)
                {
                    // Full buffers drop their oldest alert, so this never waits.
                    subscription.Channel.Writer.TryWrite(streamed);
                }
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly AlertBroadcaster _owner;
        private int _disposed;

        internal Subscription(AlertBroadcaster owner, int buffer)
        {
            _owner = owner;
            // A slow listener loses its oldest alerts instead of holding memory or anyone else back.
            Channel = System.Threading.Channels.Channel.CreateBounded<StreamedAlert>(
                new BoundedChannelOptions(buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        }

        internal Channel<StreamedAlert> Channel { get; }

        public IAsyncEnumerable<StreamedAlert> ReadAllAsync(CancellationToken cancellationToken) => Channel.Reader.ReadAllAsync(cancellationToken);

        /// <summary>Waits for the next alert; false when none came within the token's time.</summary>
        public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => Channel.Reader.WaitToReadAsync(cancellationToken);

        public bool TryRead(out StreamedAlert alert) => Channel.Reader.TryRead(out alert!);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && _owner._subscriptions.TryRemove(this, out _))
            {
                Interlocked.Decrement(ref _owner._count);
            }
        }
    }
}

/// <summary>An alert for the live stream, with its <c>event: alert</c> server-sent event already encoded.</summary>
public sealed record StreamedAlert(StoreAlertResponse Alert, byte[] Event);
