using System.Threading.Channels;

namespace StoreAlerts.ServiceDefaults.Background;

/// <summary>
/// Wakes a background loop when there is new work, so it need not wait for its next poll. Many notifications
/// before the loop wakes collapse into one wake-up; the poll stays as the fallback for a missed one (after a restart, say).
/// </summary>
public sealed class WakeUpSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when notified or when <paramref name="timeout"/> has passed, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: the loop looks for work anyway.
        }
    }
}
