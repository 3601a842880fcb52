using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Unhealthy (so an orchestrator restarts the replica) when the consumer died, when records wait and no offset has moved
/// for <c>Alert:Health:MaxStall</c>, or when the dead-letter topic cannot be written for <c>Alert:Health:MaxDeadLetterOutage</c>;
/// Degraded when it falls behind or has not completed a poll for a while (database down, say).
/// </summary>
public sealed class ConsumerHealthCheck(ConsumerState state, IOptions<ConsumerHealthOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var data = new Dictionary<string, object>
        {
            ["lag"] = state.Lag,
            ["waiting"] = state.Waiting,
            ["lastSuccess"] = state.LastSuccess,
            ["lastProgress"] = state.LastProgress,
        };
        if (state.Fatal is { } fatal)
        {
            return Result(HealthCheckResult.Unhealthy("The consumer stopped on a fatal error.", fatal, data));
        }

        var stalled = now - state.LastProgress;
        if (state.Waiting > 0 && stalled > settings.MaxStall)
        {
            return Result(HealthCheckResult.Unhealthy(
                $"{state.Waiting} record(s) wait and no offset has moved for {stalled:g} (last error: {state.LastError ?? "none"}).", data: data));
        }

        if (state.DeadLetterFailingSince is { } since && now - since > settings.MaxDeadLetterOutage)
        {
            return Result(HealthCheckResult.Unhealthy(
                $"The dead-letter topic has refused writes since {since:O} (last error: {state.LastError ?? "none"}).", data: data));
        }

        var silence = now - state.LastSuccess;
        if (silence > settings.MaxSilence)
        {
            return Result(HealthCheckResult.Degraded($"No successful poll for {silence:g} (last error: {state.LastError ?? "none"}).", data: data));
        }

        if (state.Lag > settings.MaxLag)
        {
            return Result(HealthCheckResult.Degraded($"Consumer lag {state.Lag} is above {settings.MaxLag}.", data: data));
        }

        return Result(HealthCheckResult.Healthy(data: data));
    }

    private static Task<HealthCheckResult> Result(HealthCheckResult result) => Task.FromResult(result);
}
