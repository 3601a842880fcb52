using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Persistence;

/// <summary>Ready when the LiteDB file answers a query.</summary>
internal sealed class LiteDbHealthCheck(IStoreRepository stores) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await stores.ListAsync(new StoreQuery(0, 1), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The LiteDB file cannot be read.", e);
        }
    }
}
