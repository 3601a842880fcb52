using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Store.Outbox;

/// <summary>
/// Unhealthy past <c>Outbox:UnhealthyPendingAge</c>, so an orchestrator restarts a relay that cannot move; degraded while the oldest pending event is older than <c>Outbox:MaxPendingAge</c>: events are stuck,
/// whether the broker is away or one event keeps being refused while the broker looks healthy.
/// </summary>
internal sealed class OutboxHealthCheck(IOutboxStore stores, TimeProvider time, IOptions<OutboxOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var oldest = (await stores.FindWithPendingEventsAsync(1, cancellationToken)).SingleOrDefault()?.Events.FirstOrDefault();
        if (oldest is null)
        {
            return HealthCheckResult.Healthy("No pending events.");
        }

        var age = time.GetUtcNow().UtcDateTime - oldest.OccurredAt;
        if (age > options.Value.UnhealthyPendingAge)
        {
            return HealthCheckResult.Unhealthy($"Event {oldest.EventId} has waited {age:g} to be published.");
        }

        return age > options.Value.MaxPendingAge
            ? HealthCheckResult.Degraded($"Event {oldest.EventId} has waited {age:g} to be published.")
            : HealthCheckResult.Healthy($"Oldest pending event waited {age:g}.");
    }
}
