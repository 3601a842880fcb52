using System.Diagnostics;
using System.Net;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Outbox;

public sealed class PublishingTests(StoreApp app) : IClassFixture<StoreApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task Update_publishes_one_event_keyed_by_store_with_payload_and_request_trace_context()
    {
        var id = (await _client.CreateAsync("Zara", "Gran Via 32", "OPEN")).GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var traceId = ActivityTraceId.CreateRandom();

        using var response = await _client.PutAsync(id, new { name = "Zara", address = "Gran Via 32, Madrid", status = "CLOSED" },
            traceParent: $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var reader = app.ReadTopic();
        var message = Assert.Single(reader.Read([id], expected: 1, Timeout));
        Assert.Equal(id, message.Message.Key);
        var payload = message.Payload();
        Assert.True(Guid.TryParse(payload.GetProperty("eventId").GetString(), out _));
        Assert.Equal(1, payload.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(id, payload.GetProperty("storeId").GetString());
        Assert.Equal("Zara", payload.GetProperty("storeName").GetString());
        Assert.Equal("Gran Via 32, Madrid", payload.GetProperty("storeAddress").GetString());
        Assert.Equal("CLOSED", payload.GetProperty("storeStatus").GetString());
        Assert.Equal("OPEN", payload.GetProperty("previousStatus").GetString());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, payload.GetProperty("occurredAt").GetDateTime());
        Assert.Equal("application/json", message.Header("content-type"));
        Assert.Equal(traceId.ToString(), message.Header("traceparent")?.Split('-')[1]);
    }

    [Fact]
    public async Task Each_put_and_patch_publishes_its_own_event_with_the_previous_status()
    {
        var id = (await _client.CreateAsync("Mango", status: null)).GetProperty("id").GetString()!;

        using (await _client.PatchAsync(id, new { status = "OPEN" }))
        using (await _client.PutAsync(id, new { name = "Mango", address = "Gran Via 34", status = "OPEN" }))
        using (await _client.PatchAsync(id, new { status = (string?)null }))
        {
        }

        using var reader = app.ReadTopic();
        var events = reader.Read([id], expected: 3, Timeout).Select(m => m.Payload()).ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal([null, "OPEN", "OPEN"], events.Select(e => e.GetProperty("previousStatus").GetString()));
        Assert.Equal(["OPEN", "OPEN", null], events.Select(e => e.GetProperty("storeStatus").GetString()));
        Assert.Equal(3, events.Select(e => e.GetProperty("eventId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Rapid_updates_to_ten_stores_arrive_once_each_in_per_store_order()
    {
        const int updatesPerStore = 100;
        var ids = new List<string>();
        for (var s = 0; s < 10; s++)
        {
            ids.Add((await _client.CreateAsync($"Store {s}")).GetProperty("id").GetString()!);
        }

        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 1; i <= updatesPerStore; i++)
            {
                using var response = await _client.PatchAsync(id, new { name = $"Update {i}" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));

        using var reader = app.ReadTopic();
        var messages = reader.Read(ids, expected: ids.Count * updatesPerStore, Timeout);
        Assert.Equal(ids.Count * updatesPerStore, messages.Count);
        foreach (var id in ids)
        {
            var names = messages.Where(m => m.Message.Key == id).Select(m => m.Payload().GetProperty("storeName").GetString());
            Assert.Equal(Enumerable.Range(1, updatesPerStore).Select(i => $"Update {i}"), names);
        }
    }
}
