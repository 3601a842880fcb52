using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoreAlerts.Alert.Consumer;

namespace StoreAlerts.Alert.Tests;

public sealed class HealthTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero));
    private readonly IOptions<ConsumerHealthOptions> _options = Options.Create(new ConsumerHealthOptions { MaxLag = 100, MaxSilence = TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task Consumer_is_degraded_after_a_silence_longer_than_allowed_and_healthy_again_after_a_poll()
    {
        var state = new ConsumerState(_time);
        var check = new ConsumerHealthCheck(state, _options, _time);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);

        state.Failed(new InvalidOperationException("database down"));
        _time.Advance(TimeSpan.FromSeconds(31));
        var degraded = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("database down", degraded.Description);

        state.Succeeded();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Consumer_is_degraded_when_lag_passes_the_threshold()
    {
        var state = new ConsumerState(_time);
        var check = new ConsumerHealthCheck(state, _options, _time);

        state.SetLag(101);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal(101L, result.Data["lag"]);
    }
}
