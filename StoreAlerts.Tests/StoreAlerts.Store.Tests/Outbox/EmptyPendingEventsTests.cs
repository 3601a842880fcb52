using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreAlerts.Store.Stores;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Outbox;

/// <summary>
/// A store left with <c>pendingEvents: []</c> (by a crash in an older version) beside a store whose event waits: the running
/// service's relay publishes the waiting event and its health check sees it, whatever sorts first.
/// </summary>
public sealed class EmptyPendingEventsTests : IAsyncLifetime
{
    private readonly StoreApp _app = new() { OutboxPollInterval = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task The_relay_publishes_the_waiting_event_past_a_store_with_an_empty_pending_events_array()
    {
        var emptied = ObjectId.NewObjectId().ToString();
        var waiting = ObjectId.NewObjectId().ToString();
        var eventId = Guid.NewGuid();
        var waitedSince = new DateTime(2026, 11, 26, 20, 0, 0, DateTimeKind.Utc);
        using (var database = new LiteDatabase($"Filename={_app.DatabaseFile};Connection=direct"))
        {
            var stores = database.GetCollection("stores");
            stores.Insert(Store(emptied, "Emptied", []));
            stores.Insert(Store(waiting, "Waiting",
            [
                new BsonDocument
                {
                    ["eventId"] = eventId,
                    ["payload"] = $$"""{"eventId":"{{eventId}}","storeName":"Waiting"}""",
                    ["occurredAt"] = waitedSince,
                },
            ]));
        }

        // The broker stays down until the health check has looked, so the event is certainly still waiting then.
        _app.Kafka.SetBrokerDown();
        var health = await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "outbox", TestContext.Current.CancellationToken);
        _app.Kafka.SetBrokerUp();
        using var reader = _app.ReadTopic();
        var message = Assert.Single(reader.Read([waiting, emptied], expected: 1, TimeSpan.FromSeconds(10)));

        Assert.Equal(HealthStatus.Unhealthy, health.Status); // it has waited days: past Outbox:UnhealthyPendingAge
        Assert.Contains(eventId.ToString(), health.Entries["outbox"].Description);
        Assert.Equal((waiting, eventId.ToString()), (message.Message.Key, message.Payload().GetProperty("eventId").GetString()));
        var repository = _app.Services.GetRequiredService<IStoreRepository>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await repository.FindWithPendingEventsAsync(10, TestContext.Current.CancellationToken)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Empty(await repository.FindWithPendingEventsAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal("Emptied", (await repository.FindAsync(emptied, TestContext.Current.CancellationToken))?.Name);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static BsonDocument Store(string id, string name, BsonArray pendingEvents) => new()
    {
        ["_id"] = id,
        ["name"] = name,
        ["address"] = "Gran Via 32",
        ["createTimestamp"] = new DateTime(2026, 11, 26, 19, 0, 0, DateTimeKind.Utc),
        ["version"] = 2L,
        ["pendingEvents"] = pendingEvents,
    };
}
