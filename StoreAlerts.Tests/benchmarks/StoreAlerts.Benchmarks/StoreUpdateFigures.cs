extern alias Store;

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;
using Store::StoreAlerts.Store.Persistence;
using Store::StoreAlerts.Store.Stores;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// <c>store.update.ratio</c>: Store updates per second end to end (HTTP PATCH from 16 clients, each update counted once its
/// event is read back from Kafka), against the repository's own compare-and-swap update plus one produce, in a loop, in
/// one process, on the same database kind.
/// </summary>
public static class StoreUpdateFigures
{
    private const int Stores = 50;
    private const int Updates = 4000;
    private const int Clients = 16;

    public static async Task RunAsync(Infrastructure infrastructure, Figures figures)
    {
        Console.WriteLine($"store.update: raw loop, {Updates} compare-and-swap updates + produce on {StoreDatabase.Kind}");
        var raw = await RawLoopAsync(infrastructure);

        Console.WriteLine($"store.update: {Updates} PATCHes from {Clients} clients through the Store process");
        var topic = infrastructure.NewTopic();
        using var database = StoreDatabase.Create();
        await using var store = await StartStoreAsync(infrastructure, database, topic);
        using var http = store.CreateClient();
        var ids = await CreateStoresAsync(http, Stores, Clients);

        var reader = Task.Run(() => ReadBack(infrastructure.Kafka.BootstrapServers, topic, Updates, TimeSpan.FromMinutes(3)));
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < Updates; i = Interlocked.Increment(ref next))
            {
                using var patch = new StringContent($$"""{"name":"Update {{i}}"}""", Encoding.UTF8, "application/merge-patch+json");
                using var response = await http.PatchAsync($"/api/stores/{ids[i % Stores]}", patch);
                response.EnsureSuccessStatusCode();
            }
        }));
        var lastEventAt = await reader;
        var endToEnd = Updates / lastEventAt.TotalSeconds;

        figures.Add(new Figure("store.update.ratio", endToEnd / raw, "×",
            $"{endToEnd:F0} updates/s end to end, every event read back ({Updates / clock.Elapsed.TotalSeconds:F0}/s counting the reader's tail)",
            $"{raw:F0} updates/s", "≥ 0.5", endToEnd / raw >= 0.5));
    }

    public static Task<ServiceProcess> StartStoreAsync(Infrastructure infrastructure, StoreDatabase database, string topic) =>
        Services.StartAsync("StoreAlerts.Store", new Dictionary<string, string>(database.ServiceSettings)
        {
            ["ConnectionStrings__kafka"] = infrastructure.Kafka.BootstrapServers,
            ["Kafka__Topic"] = topic,
        });

    public static async Task<List<string>> CreateStoresAsync(HttpClient http, int count, int clients)
    {
        var ids = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var created = await http.PostAsJsonAsync("/api/stores", new { name = $"Bench {i:D5}", address = "Gran Via 32", status = "OPEN" });
                ids[i] = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Created>())!.Id;
            }
        }));
        return [.. ids];
    }

    private static async Task<double> RawLoopAsync(Infrastructure infrastructure)
    {
        var topic = infrastructure.NewTopic();
        using var database = StoreDatabase.Create();
        var repository = await database.OpenRepositoryAsync();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = infrastructure.Kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).Build();
        var ids = new List<string>();
        for (var s = 0; s < Stores; s++)
        {
            var store = new StoreDocument
            {
                Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
                Name = $"Raw {s}",
                Address = "Gran Via 32",
                Version = 1,
                CreateTimestamp = DateTime.UtcNow,
            };
            await repository.InsertAsync(store, CancellationToken.None);
            ids.Add(store.Id);
        }

        var delivered = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Updates; i++)
        {
            var current = (await repository.FindAsync(ids[i % Stores], CancellationToken.None))!;
            var updated = new StoreDocument
            {
                Id = current.Id,
                Name = $"Update {i}",
                Address = current.Address,
                Status = current.Status,
                CreateTimestamp = current.CreateTimestamp,
                UpdateTimestamp = DateTime.UtcNow,
                Version = current.Version + 1,
            };
            var pending = StoreAlertEvent.ForUpdate(Guid.CreateVersion7(), updated, current.Status).ToPendingEvent(null);
            if (!await repository.TryUpdateAsync(updated, pending, CancellationToken.None))
            {
                throw new InvalidOperationException("The raw loop lost a compare-and-swap it cannot lose: nothing else writes.");
            }

            producer.Produce(topic, new Message<string, string> { Key = updated.Id, Value = pending.Payload }, _ => Interlocked.Increment(ref delivered));
        }

        producer.Flush(TimeSpan.FromSeconds(60));
        var rate = Updates / clock.Elapsed.TotalSeconds;
        if (delivered != Updates)
        {
            throw new InvalidOperationException($"The raw loop delivered {delivered} of {Updates} events.");
        }

        (repository as IDisposable)?.Dispose();
        return rate;
    }

    /// <returns>When the last of <paramref name="count"/> events was read, from the call.</returns>
    private static TimeSpan ReadBack(string bootstrapServers, string topic, int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"bench-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Infrastructure.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        var clock = Stopwatch.StartNew();
        while (read < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {read} of {count} events were read back within {timeout}.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                read++;
            }
        }

        return clock.Elapsed;
    }

    private sealed record Created(string Id);
}
