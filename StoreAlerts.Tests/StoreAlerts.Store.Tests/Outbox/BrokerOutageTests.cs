using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StoreAlerts.Store.Stores;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Outbox;

public sealed class BrokerOutageTests : IAsyncLifetime
{
    private StoreApp _app = new();

    [Fact]
    public async Task Updates_succeed_while_the_broker_is_down_and_their_events_arrive_once_it_is_back()
    {
        using var client = _app.CreateStoreClient();
        var ids = new List<string>();
        for (var s = 0; s < 3; s++)
        {
            ids.Add((await client.CreateAsync($"Outage {s}")).GetProperty("id").GetString()!);
        }

        _app.Kafka.SetBrokerDown();
        foreach (var id in ids)
        {
            for (var i = 1; i <= 10; i++)
            {
                using var response = await client.PatchAsync(id, new { name = $"Update {i}" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var repository = _app.Services.GetRequiredService<IStoreRepository>();
        var pending = await repository.FindWithPendingEventsAsync(100, TestContext.Current.CancellationToken);
        Assert.Equal(30, pending.Sum(s => s.Events.Count));

        _app.Kafka.SetBrokerUp();

        using var reader = _app.ReadTopic();
        var messages = reader.Read(ids, expected: 30, TimeSpan.FromSeconds(30), quietPeriod: TimeSpan.FromSeconds(1));
        Assert.Equal(30, messages.Count);
        foreach (var id in ids)
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"Update {i}"),
                messages.Where(m => m.Message.Key == id).Select(m => m.Payload().GetProperty("storeName").GetString()));
        }

        await WaitUntilAsync(async () => (await repository.FindWithPendingEventsAsync(100, TestContext.Current.CancellationToken)).Count == 0);
    }

    [Fact]
    public async Task A_store_deleted_with_events_still_pending_publishes_them_and_then_disappears()
    {
        using var client = _app.CreateStoreClient();
        var id = (await client.CreateAsync("Closing down")).GetProperty("id").GetString()!;
        _app.Kafka.SetBrokerDown();
        using (await client.PatchAsync(id, new { status = "CLOSED" }))
        using (var delete = await client.DeleteAsync(id))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Null(await client.FindAsync(id));
        _app.Kafka.SetBrokerUp();

        using var reader = _app.ReadTopic();
        var message = Assert.Single(reader.Read([id], expected: 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("CLOSED", message.Payload().GetProperty("storeStatus").GetString());
        var repository = _app.Services.GetRequiredService<IStoreRepository>();
        await WaitUntilAsync(async () => (await repository.FindWithPendingEventsAsync(100, TestContext.Current.CancellationToken)).Count == 0);
    }

    [Fact]
    public async Task Events_pending_when_the_service_stops_are_published_by_the_next_start()
    {
        string id;
        var first = _app;
        using (var client = first.CreateStoreClient())
        {
            id = (await client.CreateAsync("Restarted")).GetProperty("id").GetString()!;
            first.Kafka.SetBrokerDown();
            using var response = await client.PatchAsync(id, new { status = "CLOSED" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        _app = first.Successor();
        await first.DisposeAsync();
        _app.Kafka.SetBrokerUp();
        _ = _app.Services; // starts the second Store, whose relay looks for pending events at once

        using var reader = _app.ReadTopic();
        var message = Assert.Single(reader.Read([id], expected: 1, TimeSpan.FromSeconds(30), quietPeriod: TimeSpan.FromSeconds(1)));
        Assert.Equal("CLOSED", message.Payload().GetProperty("storeStatus").GetString());
    }

    [Fact]
    public async Task Outbox_health_is_degraded_while_an_event_waits_longer_than_a_minute_and_healthy_once_it_is_out()
    {
        using var client = _app.CreateStoreClient();
        var id = (await client.CreateAsync("Waiting")).GetProperty("id").GetString()!;
        var health = _app.Services.GetRequiredService<HealthCheckService>();
        _app.Kafka.SetBrokerDown();
        using (await client.PatchAsync(id, new { status = "CLOSED" }))
        {
        }

        var young = await OutboxHealthAsync(health);
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var old = await OutboxHealthAsync(health);
        _app.Kafka.SetBrokerUp();
        using var reader = _app.ReadTopic();
        Assert.Single(reader.Read([id], expected: 1, TimeSpan.FromSeconds(30)));
        await WaitUntilAsync(async () => await OutboxHealthAsync(health) == HealthStatus.Healthy);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Degraded), (young, old));
    }

    private static async Task<HealthStatus> OutboxHealthAsync(HealthCheckService health) =>
        (await health.CheckHealthAsync(check => check.Name == "outbox", TestContext.Current.CancellationToken)).Status;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox was not emptied in time.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
