using System.Collections.Concurrent;
using System.Threading.Channels;

namespace StoreAlerts.Alert.Alerts;

/// <summary>In-process fan-out of newly stored alerts to the live stream's listeners.</summary>
public sealed class AlertBroadcaster
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public void Publish(IEnumerable<StoreAlert> alerts)
    {
        if (_subscriptions.IsEmpty)
        {
            return;
        }

        foreach (var alert in alerts)
        {
            var response = StoreAlertResponse.From(alert);
            foreach (var subscription in _subscriptions.Keys)
            {
                subscription.Channel.Writer.TryWrite(response);
            }
        }
    }

    /// <summary>Registers at once (not on first read), so nothing stored after this call is missed.</summary>
    public Subscription Subscribe()
    {
        var subscription = new Subscription(this);
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    public sealed class Subscription(AlertBroadcaster owner) : IDisposable
    {
        // A slow listener loses its oldest alerts instead of holding memory or the consumer back.
        internal Channel<StoreAlertResponse> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<StoreAlertResponse>(
            new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

        public IAsyncEnumerable<StoreAlertResponse> ReadAllAsync(CancellationToken cancellationToken) => Channel.Reader.ReadAllAsync(cancellationToken);

        public void Dispose() => owner._subscriptions.TryRemove(this, out _);
    }
}
