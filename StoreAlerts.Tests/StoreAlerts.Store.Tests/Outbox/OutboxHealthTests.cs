using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoreAlerts.Store.Outbox;

namespace StoreAlerts.Store.Tests.Outbox;

public sealed class OutboxHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(30, HealthStatus.Healthy)]
    [InlineData(90, HealthStatus.Degraded)]
    [InlineData(301, HealthStatus.Unhealthy)]
    public async Task Outbox_health_follows_the_age_of_the_oldest_pending_event(int ageSeconds, HealthStatus expected)
    {
        var pending = new PendingEvent { EventId = Guid.NewGuid(), OccurredAt = Now.UtcDateTime.AddSeconds(-ageSeconds) };
        var check = new OutboxHealthCheck(new OnePendingEvent(pending), new FakeTimeProvider(Now),
            Options.Create(new OutboxOptions { MaxPendingAge = TimeSpan.FromMinutes(1), UnhealthyPendingAge = TimeSpan.FromMinutes(5) }));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Status);
    }

    /// <summary>An outbox holding one store with one pending event: the check reads nothing else.</summary>
    private sealed class OnePendingEvent(PendingEvent pending) : IOutboxStore
    {
        public Task<IReadOnlyList<PendingStoreEvents>> FindWithPendingEventsAsync(int maxStores, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PendingStoreEvents>>([new PendingStoreEvents("store-1", [pending])]);

        public Task RemovePendingEventsAsync(string storeId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }
}
