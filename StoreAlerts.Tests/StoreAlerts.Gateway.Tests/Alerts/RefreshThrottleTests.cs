using StoreAlerts.Gateway.Alerts;

namespace StoreAlerts.Gateway.Tests;

/// <summary>The alerts page's list reload: at once when idle, then at most about once a second whatever the alert rate.</summary>
public sealed class RefreshThrottleTests
{
    [Fact]
    public async Task A_flood_of_requests_refreshes_about_once_a_second()
    {
        var refreshes = new List<DateTime>();
        using var throttle = new RefreshThrottle(TimeSpan.FromSeconds(1), () => { lock (refreshes) { refreshes.Add(DateTime.UtcNow); } return Task.CompletedTask; },
            TimeProvider.System);

        var start = DateTime.UtcNow;
        while (DateTime.UtcNow - start < TimeSpan.FromSeconds(2.5))
        {
            throttle.Request(); // 500 alerts a second
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        lock (refreshes)
        {
            // At 0 s, 1 s, 2 s and once more for the requests after that: never one per request.
            Assert.InRange(refreshes.Count, 3, 4);
            Assert.All(refreshes.Zip(refreshes.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(950)));
        }
    }

    [Fact]
    public async Task A_request_when_idle_refreshes_at_once()
    {
        var refreshed = new TaskCompletionSource();
        using var throttle = new RefreshThrottle(TimeSpan.FromSeconds(1), () => { refreshed.TrySetResult(); return Task.CompletedTask; }, TimeProvider.System);

        throttle.Request();

        await refreshed.Task.WaitAsync(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
    }
}
