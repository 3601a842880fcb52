using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>The Store process the AppHost runs (LiteDB in local mode) publishing through the Kafka dev broker.</summary>
[Collection(StoreAlertsAppCollection.Name)]
public class StoreFlowTests(StoreAlertsAppFixture system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_a_store_publishes_one_event_and_a_stale_update_changes_nothing()
    {
        using var store = system.CreateClient(ResourceNames.Store);
        var name = $"Zara {Guid.NewGuid():N}";
        using var created = await store.PostAsJsonAsync("/api/stores", new { name, address = "Gran Via 32", status = "OPEN" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        using var closed = await store.SendAsync(StoreRequests.PutIfMatch($"/api/stores/{id}", "\"1\"", new { name, address = "Gran Via 32", status = "CLOSED" }), Ct);
        using var stale = await store.SendAsync(StoreRequests.PutIfMatch($"/api/stores/{id}", "\"1\"", new { name, address = "Elsewhere 1", status = "OPEN" }), Ct);
        var stored = await store.GetFromJsonAsync<JsonElement>($"/api/stores/{id}", Ct);

        Assert.Equal((HttpStatusCode.OK, "\"2\""), (closed.StatusCode, closed.Headers.ETag?.Tag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(("CLOSED", "Gran Via 32", 2), (stored.GetProperty("status").GetString(), stored.GetProperty("address").GetString(), stored.GetProperty("version").GetInt32()));
        var evt = Assert.Single(await EventsForStoreAsync(id));
        Assert.Equal((name, "CLOSED", "OPEN"), (evt.GetProperty("storeName").GetString(), evt.GetProperty("storeStatus").GetString(), evt.GetProperty("previousStatus").GetString()));
    }

    /// <summary>Reads topic_alert from the start until the store's first event plus a quiet second, which would show a duplicate.</summary>
    private async Task<List<JsonElement>> EventsForStoreAsync(string storeId)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = system.KafkaConnectionString,
            GroupId = $"apphost-test-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe("topic_alert");
        var events = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var record = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(200)), Ct);
            if (record?.Message.Key == storeId)
            {
                events.Add(JsonDocument.Parse(record.Message.Value).RootElement.Clone());
                deadline = DateTime.UtcNow.AddSeconds(1);
            }
        }

        consumer.Close();
        return events;
    }
}
