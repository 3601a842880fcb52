using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace StoreAlerts.Alert.Alerts;

/// <summary>In-process fan-out of newly stored alerts to the live stream's listeners.</summary>
public sealed class AlertBroadcaster
{
    private readonly ConcurrentDictionary<Channel<StoreAlertResponse>, byte> listeners = new();

    public void Publish(IEnumerable<StoreAlert> alerts)
    {
        if (listeners.IsEmpty) return;
        foreach (var alert in alerts)
        {
            var response = StoreAlertResponse.From(alert);
            foreach (var listener in listeners.Keys) listener.Writer.TryWrite(response);
        }
    }

    public async IAsyncEnumerable<StoreAlertResponse> Listen([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A slow listener loses its oldest alerts instead of holding memory or the consumer back.
        var channel = Channel.CreateBounded<StoreAlertResponse>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        listeners.TryAdd(channel, 0);
        try
        {
            await foreach (var alert in channel.Reader.ReadAllAsync(cancellationToken)) yield return alert;
        }
        finally
        {
            listeners.TryRemove(channel, out _);
        }
    }
}
