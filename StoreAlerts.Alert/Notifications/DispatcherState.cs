using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StoreAlerts.Alert.Notifications;

/// <summary>The dispatcher's last outcome, for the <c>smtp</c> health check.</summary>
public sealed class DispatcherState
{
    private volatile string? _lastError;

    public string? LastError => _lastError;
    public void Sent() => _lastError = null;
    public void Failed(string error) => _lastError = error;
}

public sealed class SmtpHealthCheck(DispatcherState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.LastError is { } error
            ? HealthCheckResult.Degraded($"The last email could not be sent: {error}")
            : HealthCheckResult.Healthy());
}
