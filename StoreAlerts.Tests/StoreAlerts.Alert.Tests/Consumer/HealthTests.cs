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

    [Fact]
    public async Task Consumer_is_unhealthy_when_records_wait_and_no_offset_moved_for_the_stall_bound()
    {
        var options = Options.Create(new ConsumerHealthOptions { MaxStall = TimeSpan.FromMinutes(2), MaxSilence = TimeSpan.FromHours(1) });
        var state = new ConsumerState(_time);
        var check = new ConsumerHealthCheck(state, options, _time);

        state.Holding(500);
        _time.Advance(TimeSpan.FromSeconds(119));
        Assert.NotEqual(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        _time.Advance(TimeSpan.FromSeconds(2));
        var stalled = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Contains("500 record(s) wait", stalled.Description);

        state.Progressed();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Consumer_with_nothing_waiting_is_never_stalled_however_long_it_is_idle()
    {
        var options = Options.Create(new ConsumerHealthOptions { MaxStall = TimeSpan.FromMinutes(2), MaxSilence = TimeSpan.FromHours(1) });
        var state = new ConsumerState(_time);
        var check = new ConsumerHealthCheck(state, options, _time);

        _time.Advance(TimeSpan.FromMinutes(10));
        state.Idle();
        state.SetLag(3);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Consumer_is_unhealthy_when_the_dead_letter_topic_refuses_writes_past_its_bound()
    {
        var options = Options.Create(new ConsumerHealthOptions { MaxDeadLetterOutage = TimeSpan.FromMinutes(1), MaxSilence = TimeSpan.FromHours(1) });
        var state = new ConsumerState(_time);
        var check = new ConsumerHealthCheck(state, options, _time);

        state.DeadLetterFailed(new InvalidOperationException("topic authorization failed"));
        _time.Advance(TimeSpan.FromSeconds(61));
        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("topic authorization failed", result.Description);

        state.DeadLetterWritten();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }
}
