using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>The services' own metrics as the dashboard receives them (OTLP), read back from the test's collector.</summary>
[Collection(StoreAlertsAppCollection.Name)]
public class MetricsTests(StoreAlertsAppFixture system)
{
    private const int Events = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task N_events_read_N_stored_and_a_replayed_one_counts_as_a_duplicate()
    {
        await CloseAStoreThroughTheGatewayAsync();
        var stored = await QuietTotalAsync("storealerts.alerts.stored");
        var duplicates = await QuietTotalAsync("storealerts.alerts.duplicates_skipped");
        var toRow = await QuietTotalAsync("storealerts.alerts.stored.delay");
        var toEmail = await QuietTotalAsync("storealerts.emails.sent.delay");
        var values = Enumerable.Range(0, Events).Select(i => JsonSerializer.Serialize(new
        {
            eventId = Guid.NewGuid().ToString(),
            schemaVersion = 1,
            storeId = Guid.NewGuid().ToString("N")[..24],
            storeName = $"Metered {i}",
            storeAddress = "Gran Via 32",
            storeStatus = "CLOSED",
            previousStatus = "OPEN",
            occurredAt = DateTimeOffset.UtcNow,
        })).ToList();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.KafkaConnectionString }).Build();

        foreach (var value in values)
        {
            await producer.ProduceAsync("topic_alert", new Message<string, string> { Key = "metered", Value = value }, Ct);
        }

        await EventuallyAsync(() => Total("storealerts.alerts.stored") == stored + Events, $"{Events} more stored");
        await EventuallyAsync(() => Total("storealerts.emails.sent.delay") >= toEmail + Events, $"{Events} more event-to-email delays");
        Assert.Equal(toRow + Events, Total("storealerts.alerts.stored.delay"));
        Assert.Equal(duplicates, Total("storealerts.alerts.duplicates_skipped"));

        await producer.ProduceAsync("topic_alert", new Message<string, string> { Key = "metered", Value = values[0] }, Ct);

        await EventuallyAsync(() => Total("storealerts.alerts.duplicates_skipped") == duplicates + 1, "one duplicate");
        Assert.Equal(stored + Events, Total("storealerts.alerts.stored"));
    }

    [Fact]
    public async Task The_outbox_and_the_consumer_report_their_state()
    {
        await CloseAStoreThroughTheGatewayAsync();

        await EventuallyAsync(() => system.Telemetry.Total(ResourceNames.Store, "storealerts.outbox.publish.delay") >= 1, "a publish delay");
        await EventuallyAsync(() => system.Telemetry.Points(ResourceNames.Store, "storealerts.outbox.pending").Any(p => p.Value == 0), "an empty outbox");
        Assert.NotEmpty(system.Telemetry.Points(ResourceNames.Store, "storealerts.outbox.oldest_age"));
        await EventuallyAsync(() => system.Telemetry.Points(ResourceNames.Alert, "storealerts.consumer.lag")
            .Any(p => p.Attributes.ContainsKey("messaging.destination.partition.id")), "the lag of a partition");
    }

    private async Task CloseAStoreThroughTheGatewayAsync()
    {
        using var gateway = system.CreateClient(ResourceNames.Gateway);
        var name = $"Metered {Guid.NewGuid():N}";
        using var created = await gateway.PostAsJsonAsync("/services/store/api/stores", new { name, address = "Gran Via 32", status = "OPEN" }, Ct);
        var storeId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        using var closed = await gateway.SendAsync(StoreRequests.PutIfMatch($"/services/store/api/stores/{storeId}", "\"1\"", new { name, address = "Gran Via 32", status = "CLOSED" }), Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await EventuallyAsync(async () => (await gateway.GetFromJsonAsync<JsonElement>($"/services/alert/api/store-alerts?storeName={Uri.EscapeDataString(name)}", Ct))
            .EnumerateArray().Any(a => a.GetProperty("notification").GetProperty("status").GetString() == "Sent"), "the store's alert emailed");
    }

    private double Total(string metric) => system.Telemetry.Total(ResourceNames.Alert, metric);

    /// <summary>The metric's total once it has not moved for three exports: what earlier tests set going has settled.</summary>
    private async Task<double> QuietTotalAsync(string metric)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = Total(metric);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(3))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{metric} did not settle within {Patience.TotalSeconds} s.");
            await Task.Delay(250, Ct);
            var now = Total(metric);
            if (now != last)
            {
                (last, quietSince) = (now, DateTime.UtcNow);
            }
        }

        return last;
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not {what} within {Patience.TotalSeconds} s.");
            await Task.Delay(250, Ct);
        }
    }
}
