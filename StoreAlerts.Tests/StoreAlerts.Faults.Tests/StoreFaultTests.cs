using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using StoreAlerts.Testing;

namespace StoreAlerts.Faults.Tests;

/// <summary>The Store's outbox under a crash: what was acknowledged is published, in order per store.</summary>
[Trait("Category", "Fault")]
public sealed class StoreFaultTests(KafkaMockCluster kafka)
{
    private const int Clients = 8;
    private const int UpdatesPerClient = 60;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_SIGKILLed_while_8_clients_update_publishes_every_acknowledged_update_in_order_per_store()
    {
        var directory = Directory.CreateTempSubdirectory("storealerts-faults-store-");
        var topic = $"faults-store-{Guid.NewGuid():N}";
        kafka.CreateTopic(topic);
        await using var store = new ServiceProcess("StoreAlerts.Store", new Dictionary<string, string>
        {
            ["StoreDatabase__Provider"] = "LiteDB",
            ["ConnectionStrings__storedb"] = $"Filename={Path.Combine(directory.FullName, "storedb.db")};Connection=shared",
            ["ConnectionStrings__kafka"] = kafka.BootstrapServers,
            ["Kafka__Topic"] = topic,
            ["Outbox__PollInterval"] = "00:00:00.200",
        });
        await store.StartAsync();
        using var http = store.CreateClient(TimeSpan.FromSeconds(10));

        var stores = new List<(string Id, string Version)>();
        for (var c = 0; c < Clients; c++)
        {
            var created = await http.PostAsJsonAsync("/api/stores", new { name = $"C{c}-start", address = "Gran Via 32", status = "OPEN" }, Cancel);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            stores.Add((body.GetProperty("id").GetString()!, created.Headers.ETag!.Tag));
        }

        var acked = new List<string>[Clients];
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => UpdateAsync(http, stores[c].Id, stores[c].Version, c, acked[c] = []), Cancel)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        var ackedAtKill = acked.Sum(a => a.Count);
        store.Kill();
        var down = Stopwatch.StartNew();
        await store.StartAsync();
        var restartS = down.Elapsed.TotalSeconds;
        await Task.WhenAll(clients);

        // Every acknowledged update must come out of the outbox; read the topic until it has them all.
        var expected = Enumerable.Range(0, Clients).ToDictionary(c => stores[c].Id, c => acked[c]);
        var published = expected.Keys.ToDictionary(id => id, _ => new List<string>());
        using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build())
        {
            consumer.Subscribe(topic);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (DateTime.UtcNow < deadline && expected.Any(e => e.Value.Except(published[e.Key]).Any()))
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record && published.TryGetValue(record.Message.Key, out var names))
                {
                    names.Add(JsonDocument.Parse(record.Message.Value).RootElement.GetProperty("storeName").GetString()!);
                }
            }
            consumer.Close();
        }

        var missing = expected.Sum(e => e.Value.Except(published[e.Key]).Count());
        var outOfOrder = expected.Count(e => !e.Value.SequenceEqual(published[e.Key].Distinct().Where(e.Value.Contains)));
        var events = published.Sum(p => p.Value.Count);
        var distinctEvents = published.Sum(p => p.Value.Distinct().Count());
        Pipeline.Print("Store SIGKILL", ("clients", Clients), ("acked", acked.Sum(a => a.Count)), ("ackedAtKill", ackedAtKill),
            ("published", events), ("republished", events - distinctEvents), ("missing", missing), ("storesOutOfOrder", outOfOrder),
            ("restartS", restartS.ToString("F1")), ("seconds", clock.Elapsed.TotalSeconds.ToString("F1")));
        Assert.Equal(0, missing);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(Clients * UpdatesPerClient, acked.Sum(a => a.Count));
        await store.DisposeAsync();
        directory.Delete(recursive: true);
    }

    /// <summary>Updates one store <see cref="UpdatesPerClient"/> times, each name unique; keeps the names answered 200, in order.</summary>
    private static async Task UpdateAsync(HttpClient http, string id, string version, int client, List<string> acked)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        for (var n = 0; n < UpdatesPerClient && DateTime.UtcNow < deadline;)
        {
            var name = $"C{client}-{n}";
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/stores/{id}")
                {
                    Content = JsonContent.Create(new { name, address = "Gran Via 32", status = n % 2 == 0 ? "CLOSED" : "OPEN" }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", version);
                using var response = await http.SendAsync(request, Cancel);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acked.Add(name);
                    version = response.Headers.ETag!.Tag;
                    n++;
                    continue;
                }

                // 412: an earlier try went through without its answer; take the current version and send this one again.
                version = await CurrentVersionAsync(http, id) ?? version;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The Store is down: whether that update went through is unknown, so it is not counted; wait and retry.
                await Task.Delay(100, Cancel);
                version = await CurrentVersionAsync(http, id) ?? version;
            }
        }
    }

    private static async Task<string?> CurrentVersionAsync(HttpClient http, string id)
    {
        try
        {
            using var response = await http.GetAsync($"/api/stores/{id}", Cancel);
            return response.IsSuccessStatusCode ? response.Headers.ETag?.Tag : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
