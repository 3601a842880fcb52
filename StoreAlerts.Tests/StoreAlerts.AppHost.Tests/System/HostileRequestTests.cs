using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using CsCheck;
using Npgsql;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// Property-based: 500 generated hostile requests per write endpoint and per list endpoint, through the gateway into the
/// real services. None may be a 5xx, every 4xx is a problem document, and afterwards the stores, the alert rows and the
/// topic are exactly what they were. Slow (a minute or two), so in the <c>Slow</c> category.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
[Trait("Category", "Slow")]
public sealed class HostileRequestTests(StoreAlertsAppFixture system) : IAsyncLifetime
{
    private const int Iterations = 500;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _gateway = system.CreateClient(ResourceNames.Gateway);
    private string _victim = "";
    private State _before = null!;

    public async ValueTask InitializeAsync()
    {
        using var created = await _gateway.PostAsJsonAsync("/services/store/api/stores", new { name = $"Victim {Guid.NewGuid():N}", address = "Gran Via 32", status = "OPEN" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _victim = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        _before = await QuietStateAsync();
    }

    public ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Hostile_creates_are_refused_with_problems_and_change_nothing() => await RunAsync(HostileRequests.CreateStore, write: true);

    [Fact]
    public async Task Hostile_updates_are_refused_with_problems_and_change_nothing() => await RunAsync(HostileRequests.UpdateStore(_victim), write: true);

    [Fact]
    public async Task Hostile_deletes_are_refused_with_problems_and_change_nothing() => await RunAsync(HostileRequests.DeleteStore(_victim), write: true);

    [Fact]
    public async Task Hostile_resends_are_refused_with_problems_and_change_nothing() =>
        await RunAsync(HostileRequests.ResendAlert(await SentAlertIdsAsync()), write: true);

    [Fact]
    public async Task Hostile_store_list_queries_never_fail_the_server_and_change_nothing() => await RunAsync(HostileRequests.ListStores, write: false);

    [Fact]
    public async Task Hostile_alert_list_queries_never_fail_the_server_and_change_nothing() => await RunAsync(HostileRequests.ListAlerts, write: false);

    private async Task RunAsync(Gen<HostileRequest> requests, bool write)
    {
        var sent = 0;
        await requests.SampleAsync(async request =>
        {
            Interlocked.Increment(ref sent);
            using var message = request.ToMessage();
            using var response = await _gateway.SendAsync(message, Ct);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status < 500, $"{status} for {request}: {body}");
            Assert.True(!write || status is >= 400 and < 500, $"{status} for a write that must be refused: {request}: {body}");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"{status} {response.Content.Headers.ContentType} for {request}: {body}");
                Assert.Equal(status, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            }
            else
            {
                Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(body).RootElement.ValueKind);
            }
        }, iter: Iterations, threads: 2, print: request => request.ToString());

        Assert.True(sent >= Iterations, $"only {sent} requests were sent");
        Assert.Equal(_before, await QuietStateAsync());
    }

    /// <summary>
    /// What hostile requests must not change, read once earlier writes (other tests') have settled: the same for three
    /// seconds, longer than the outbox relay's poll and a consumer batch.
    /// </summary>
    private async Task<State> QuietStateAsync()
    {
        var state = await StateAsync();
        var unchanged = 0;
        for (var i = 0; i < 60 && unchanged < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            var again = await StateAsync();
            unchanged = again == state ? unchanged + 1 : 0;
            state = again;
        }

        return state;
    }

    private async Task<State> StateAsync() => new(await StoresAsync(), await AlertRowsAsync(), TopicEnd());

    /// <summary>Every store as the API shows it (id, version, fields), all pages.</summary>
    private async Task<string> StoresAsync()
    {
        var stores = new List<string>();
        for (var page = 0; ; page++)
        {
            var batch = await _gateway.GetFromJsonAsync<JsonElement[]>($"/services/store/api/stores?page={page}&size=100&sort=id,asc", Ct);
            stores.AddRange(batch!.Select(s => s.ToString()));
            if (batch!.Length < 100)
            {
                return string.Join("\n", stores);
            }
        }
    }

    /// <summary>The alert rows by id and event id (emails of earlier alerts may still change state; rows may not appear).</summary>
    private async Task<string> AlertRowsAsync()
    {
        await using var connection = new NpgsqlConnection(system.AlertDbConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) || ':' || coalesce(string_agg(id || '=' || event_id, ',' ORDER BY id), '') FROM store_alerts", connection);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<long>> SentAlertIdsAsync()
    {
        await using var connection = new NpgsqlConnection(system.AlertDbConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id FROM store_alerts WHERE notification_status = 'Sent' ORDER BY id DESC LIMIT 20", connection);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The end offsets of <c>topic_alert</c>'s partitions: any new event moves one.</summary>
    private string TopicEnd()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = system.KafkaConnectionString, GroupId = $"probe-{Guid.NewGuid():N}" }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = system.KafkaConnectionString }).Build();
        var partitions = admin.GetMetadata("topic_alert", TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).Order();
        return string.Join(",", partitions.Select(p => consumer.QueryWatermarkOffsets(new TopicPartition("topic_alert", p), TimeSpan.FromSeconds(10)).High.Value));
    }

    private sealed record State(string Stores, string AlertRows, string TopicEnd);
}
