namespace StoreAlerts.Gateway.Alerts;

/// <summary>
/// Runs a refresh when asked, but at most once per interval: a request while one is due is merged into it, and a
/// request soon after a refresh waits for the rest of the interval. However fast alerts arrive, an open alerts page
/// reloads its list about once a second.
/// </summary>
public sealed class RefreshThrottle(TimeSpan interval, Func<Task> refresh, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private long? _lastStart;
    private bool _due;

    public void Request()
    {
        lock (_gate)
        {
            if (_due || _stop.IsCancellationRequested)
            {
                return;
            }

            _due = true;
        }

        _ = RunAsync();
    }

    public void Dispose() => _stop.Cancel();

    private async Task RunAsync()
    {
        try
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _lastStart is { } last ? interval - time.GetElapsedTime(last) : TimeSpan.Zero;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, _stop.Token);
            }

            lock (_gate)
            {
                _due = false;
                _lastStart = time.GetTimestamp();
            }

            await refresh();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
