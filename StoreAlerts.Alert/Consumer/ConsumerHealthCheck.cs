using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Consumer;

/// <summary>Degraded when the consumer falls behind or has not completed a poll for a while (database down, say).</summary>
public sealed class ConsumerHealthCheck(ConsumerState state, IOptions<ConsumerHealthOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["lag"] = state.Lag, ["lastSuccess"] = state.LastSuccess };
        if (state.Fatal is { } fatal)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The consumer stopped on a fatal error.", fatal, data));
        }

        var silence = time.GetUtcNow() - state.LastSuccess;
        if (silence > options.Value.MaxSilence)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"No successful poll for {silence:g} (last error: {state.LastError ?? "none"}).", data: data));
        }

        if (state.Lag > options.Value.MaxLag)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Consumer lag {state.Lag} is above {options.Value.MaxLag}.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
