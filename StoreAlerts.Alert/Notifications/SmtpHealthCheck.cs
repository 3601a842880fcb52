using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StoreAlerts.Alert.Notifications;

/// <summary>Degraded while the last email could not be sent (the server unreachable or refusing).</summary>
public sealed class SmtpHealthCheck(DispatcherState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.LastError is { } error
            ? HealthCheckResult.Degraded($"The last email could not be sent: {error}")
            : HealthCheckResult.Healthy());
}
