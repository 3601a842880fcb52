using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

public sealed class ApiTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_filters_by_store_name_and_status_pages_and_links()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await StoreAsync(app, Enumerable.Range(0, 5).Select(i => Record($"Zara {tag} {i}", "CLOSED", minutes: i))
            .Append(Record($"Zara {tag} open", "OPEN", minutes: 9))
            .Append(Record($"Mango {tag}", "CLOSED", minutes: 10)));
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/store-alerts?page=1&size=2&sort=occurredAt,asc&storeName=zara%20{tag}&status=CLOSED", Cancel);

        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement[]>(Cancel);
        Assert.Equal([$"Zara {tag} 2", $"Zara {tag} 3"], page!.Select(a => a.GetProperty("storeName").GetString()));
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        var links = response.Headers.GetValues("Link").Single().Split(",<")
            .Select(l => l.Split(">; rel="))
            .ToDictionary(l => l[1].Trim('"'), l => l[0].TrimStart('<'));
        Assert.Equal(["next", "prev", "last", "first"], links.Keys);
        Assert.Contains("page=2&size=2", links["next"]);
        Assert.Contains("page=0&size=2", links["prev"]);
        Assert.Contains("page=2&size=2", links["last"]);
        Assert.Contains("page=0&size=2", links["first"]);
        Assert.All(links.Values, l => Assert.Contains($"storeName=zara%20{tag}&status=CLOSED", l));

        var newestFirst = await client.GetFromJsonAsync<JsonElement[]>($"/api/store-alerts?storeName={tag}", Cancel);
        Assert.Equal($"Mango {tag}", newestFirst![0].GetProperty("storeName").GetString());
        Assert.Equal(7, newestFirst.Length);
    }

    [Fact]
    public async Task Bad_list_query_is_a_problem_naming_each_field_and_unknown_id_is_404()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/store-alerts?page=-1&size=1000&sort=password,up&status=BURNING&storeName=Za%00ra", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Equal(["page", "size", "sort", "status", "storeName"], errors.EnumerateObject().Select(p => p.Name).Order());

        var missing = await client.GetAsync("/api/store-alerts/987654", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/store-alerts/987654/resend", null, Cancel)).StatusCode);
    }

    [Fact]
    public async Task Paging_follows_the_rules_shared_with_the_store_service()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var client = app.CreateClient();

        foreach (var (query, field) in PagingCases.Refused.Select(row => row.Data))
        {
            using var refused = await client.GetAsync($"/api/store-alerts?{query}", Cancel);
            Assert.True(HttpStatusCode.BadRequest == refused.StatusCode, $"{query}: {refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
            Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        }

        foreach (var query in PagingCases.Accepted.Select(row => row.Data))
        {
            using var accepted = await client.GetAsync($"/api/store-alerts?{query}", Cancel);
            Assert.True(HttpStatusCode.OK == accepted.StatusCode, $"{query}: {accepted.StatusCode}");
            Assert.Equal(JsonValueKind.Array, (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).ValueKind);
        }
    }

    [Fact]
    public async Task Alerts_cannot_be_created_or_edited_through_the_API()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var id = (await StoreAsync(app, [Record("Zara", "CLOSED")])).Single().Id;
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsJsonAsync("/api/store-alerts", new { storeName = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PutAsJsonAsync($"/api/store-alerts/{id}", new { storeName = "x" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.DeleteAsync($"/api/store-alerts/{id}", Cancel)).StatusCode);
        Assert.Equal("Zara", (await client.GetFromJsonAsync<JsonElement>($"/api/store-alerts/{id}", Cancel)).GetProperty("storeName").GetString());
    }

    [Fact]
    public async Task Stream_sends_each_newly_stored_alert_as_an_alert_event()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/store-alerts/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
        var evt = TestEvents.New();

        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        Assert.Equal("event: alert", await reader.ReadLineAsync(timeout.Token));
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: ", data);
        var alert = JsonDocument.Parse(data!["data: ".Length..]).RootElement;
        Assert.Equal(evt.EventId, alert.GetProperty("eventId").GetString());
        Assert.Equal(evt.StoreName, alert.GetProperty("storeName").GetString());
        Assert.Equal("Pending", alert.GetProperty("notification").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stream_shows_alerts_stored_by_another_replica_on_the_same_database()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        await using var replica = await AlertApp.StartOnSameDatabaseAsync(app, postgres, mailDev, kafka);
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/store-alerts/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
        var evt = TestEvents.New();

        // Only the replica reads this topic: the alert reaches this stream through PostgreSQL's NOTIFY after the replica's commit.
        await replica.Kafka.ProduceAsync(replica.Topic, evt.StoreId, evt.Json);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        Assert.Equal("event: alert", await reader.ReadLineAsync(timeout.Token));
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.Equal(evt.EventId, JsonDocument.Parse(data!["data: ".Length..]).RootElement.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_store_alerts_api()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancel);

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/store-alerts", out _));
        Assert.True(paths.TryGetProperty("/api/store-alerts/{id}/resend", out _));
    }

    private static ValidatedAlert Record(string name, string status, int minutes = 0) =>
        new(Guid.NewGuid().ToString(), TestEvents.StoreId(), name, "Somewhere 1", status, null,
            TestEvents.OccurredAt.AddMinutes(minutes), ChangedBy: null, new TopicPartitionOffset("api-test", 0, 0));

    private static Task<IReadOnlyList<Alerts.StoreAlert>> StoreAsync(AlertApp app, IEnumerable<ValidatedAlert> records) =>
        app.Services.GetRequiredService<AlertBatchWriter>().WriteAsync(records.ToList(), CancellationToken.None);
}
