using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// The three services as processes, as local mode runs them: the gateway's overhead, how the store list grows with the
/// collection, and how long an update takes to reach the alerts page's live stream.
/// </summary>
public static class SystemFigures
{
    private const int SmallCollection = 1_000;
    private const int LargeCollection = 20_000;
    private const int ListSamples = 200;
    private const int UpdatesPerSecond = 20;
    private static readonly TimeSpan LatencyRun = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProxyWarmUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ListWarmUp = TimeSpan.FromSeconds(3);

    // At the same pace, before the measured run and not counted: a fresh process compiles its paths on their first calls.
    private static readonly TimeSpan LatencyWarmUp = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(Infrastructure infrastructure, Figures figures)
    {
        var topic = infrastructure.NewTopic();
        using var storeDatabase = StoreDatabase.Create();
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        await using var store = await StoreUpdateFigures.StartStoreAsync(infrastructure, storeDatabase, topic);
        var alertEnvironment = Infrastructure.ConsumerSettings;
        alertEnvironment["ConnectionStrings__alertdb"] = database;
        alertEnvironment["ConnectionStrings__kafka"] = infrastructure.Kafka.BootstrapServers;
        alertEnvironment["ConnectionStrings__maildev"] = infrastructure.MailDev.ConnectionString;
        alertEnvironment["Kafka__Topic"] = topic;
        alertEnvironment["Alert__DistributionList"] = "store-managers@storealerts.local";
        alertEnvironment["Alert__From"] = "StoreAlerts <alerts@storealerts.local>";
        await using var alert = await Services.StartAsync("StoreAlerts.Alert", alertEnvironment);
        await using var gateway = await Services.StartAsync("StoreAlerts.Gateway", new Dictionary<string, string>
        {
            ["services__store__http__0"] = store.BaseAddress.ToString().TrimEnd('/'),
            ["services__alert__http__0"] = alert.BaseAddress.ToString().TrimEnd('/'),
            // One benchmark client stands for many users: the per-client write limit would measure itself.
            ["Identity__ClientSecret"] = "unused",
            ["Gateway__Limits__WriteBurst"] = "100000",
            ["Gateway__Limits__WritesPerSecond"] = "100000",
        });

        using var direct = store.CreateClient();
        using var proxied = TestIssuer.Shared.Authorize(new HttpClient { BaseAddress = new Uri(gateway.BaseAddress, "/services/store/") });

        Console.WriteLine($"store.list: {SmallCollection} stores");
        var ids = await StoreUpdateFigures.CreateStoresAsync(direct, SmallCollection, 16);
        var small = await ListLatenciesAsync(direct);

        Console.WriteLine("gateway: GET /api/stores?size=20 straight, through a bare YARP hop and through the gateway, 1 and 8 clients");
        await using (var bare = await BareProxy.StartAsync(store.BaseAddress))
        {
            using var hop = TestIssuer.Shared.Authorize(new HttpClient { BaseAddress = bare.BaseAddress });
            foreach (var clients in new[] { 1, 8 })
            {
                var (throughGateway, throughHop, straight) = await CompareAsync(proxied, hop, direct, clients, 400 / clients);
                figures.Add(new Figure($"gateway.p50.ratio.c{clients}", throughGateway / straight, "×",
                    $"p50 {throughGateway:F2} ms through the gateway", $"p50 {straight:F2} ms straight to the Store", "≤ 1.15", throughGateway / straight <= 1.15));
                figures.Note($"gateway, {clients} client(s): a bare YARP hop (forwarder only, own process) p50 {throughHop:F2} ms = {throughHop / straight:F2} × straight; " +
                    $"the gateway is {throughGateway / throughHop:F2} × the bare hop");
            }
        }

        Console.WriteLine($"latency: {UpdatesPerSecond} updates/s for {LatencyRun.TotalSeconds:F0} s (after {LatencyWarmUp.TotalSeconds:F0} s of warm-up) through the gateway, alerts read from the live stream");
        var raw = RawProduceConsumeP50(infrastructure);
        var (p50, p99, seen, sent, stages) = await UpdateToAlertAsync(gateway.BaseAddress, ids);
        figures.Add(new Figure("latency.update_to_alert.p50_ratio", p50 / raw, "×", $"p50 {p50:F1} ms, {seen} of {sent} alerts seen",
            $"raw produce → consume p50 {raw:F1} ms", "≤ 2.5", p50 / raw <= 2.5));
        figures.Add(new Figure("latency.update_to_alert.p50_ms", p50, "ms", "update accepted at the gateway → alert on the stream", "—", "—", null));
        figures.Add(new Figure("latency.update_to_alert.p99_ms", p99, "ms", "the same, p99", "—", "≤ 100", p99 <= 100));
        figures.Note($"latency stages (p50 / p99 / max ms): {stages}");

        Console.WriteLine($"store.list: growing the collection to {LargeCollection} stores");
        await StoreUpdateFigures.CreateStoresAsync(direct, LargeCollection - SmallCollection, 16);
        var large = await ListLatenciesAsync(direct);
        foreach (var (name, order) in new[] { ("default", ""), ("by_name", "&sort=name,asc") })
        {
            var growth = large[order] / small[order];
            figures.Add(new Figure($"store.list.growth.{name}", growth, "×",
                $"p50 {large[order]:F2} ms with {LargeCollection} stores", $"p50 {small[order]:F2} ms with {SmallCollection}", "≤ 1.5", growth <= 1.5));
        }

    }

    private static async Task<Dictionary<string, double>> ListLatenciesAsync(HttpClient http)
    {
        var result = new Dictionary<string, double>();
        foreach (var order in new[] { "", "&sort=name,asc" })
        {
            await WarmAsync(ListWarmUp, $"api/stores?page=0&size=20{order}", 1, http);
            result[order] = Stats.Percentile(await SampleAsync(http, $"api/stores?page=0&size=20{order}", 1, ListSamples), 50);
        }

        return result;
    }

    /// <summary>Alternating rounds, so a busy moment of the machine falls on every side alike.</summary>
    private static async Task<(double Gateway, double Hop, double Direct)> CompareAsync(HttpClient gateway, HttpClient hop, HttpClient direct, int clients, int perClient)
    {
        HttpClient[] sides = [gateway, hop, direct];
        var samples = sides.Select(_ => new List<double>()).ToArray();
        // The gateway has more code still being recompiled than a bare hop.
        await WarmAsync(ProxyWarmUp, "api/stores?size=20", clients, sides);

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < sides.Length; i++)
            {
                samples[i].AddRange(await SampleAsync(sides[i], "api/stores?size=20", clients, perClient / 5));
            }
        }

        return (Stats.Percentile(samples[0], 50), Stats.Percentile(samples[1], 50), Stats.Percentile(samples[2], 50));
    }

    /// <summary>
    /// Requests, taking turns between the sides, until the time is up: steady state is what is compared, and a fresh
    /// process runs its first few thousand requests on code the runtime is still recompiling (tiered compilation).
    /// </summary>
    private static async Task WarmAsync(TimeSpan duration, string path, int clients, params HttpClient[] sides)
    {
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < duration)
        {
            foreach (var side in sides)
            {
                await SampleAsync(side, path, clients, 50);
            }
        }
    }

    private static async Task<List<double>> SampleAsync(HttpClient http, string path, int clients, int perClient)
    {
        var samples = new ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = 0; i < perClient; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }));
        return [.. samples];
    }

    private const string WarmUpName = "Warm-up";

    private static async Task<(double P50, double P99, int Seen, int Sent, string Stages)> UpdateToAlertAsync(Uri gateway, List<string> ids)
    {
        using var http = TestIssuer.Shared.Authorize(new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan });
        using var stop = new CancellationTokenSource();
        var accepted = new ConcurrentDictionary<string, long>();
        var latencies = new List<double>();
        var arrivals = new ConcurrentDictionary<string, long>();
        var stages = new ConcurrentDictionary<string, (double Relayed, double Streamed)>();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/services/alert/api/store-alerts/stream");
        // Not awaited here: the service sends the stream's headers only with its first event.
        var subscribing = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        var listening = Task.Run(async () =>
        {
            try
            {
                using var response = await subscribing;
                await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
                {
                    var alert = item.EventType == "alert" ? JsonDocument.Parse(item.Data).RootElement : default;
                    if (alert.ValueKind == JsonValueKind.Object && alert.GetProperty("storeName").GetString() is { } name)
                    {
                        arrivals[name] = Stopwatch.GetTimestamp();
                        // The same machine's clock on every side: the Store's write, the Alert's read from Kafka, this arrival.
                        var (occurred, received) = (alert.GetProperty("occurredAt").GetDateTimeOffset(), alert.GetProperty("receivedAt").GetDateTimeOffset());
                        stages[name] = ((received - occurred).TotalMilliseconds, (DateTimeOffset.UtcNow - received).TotalMilliseconds);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        await Task.Delay(500); // the stream's subscription is in place once the Alert has answered
        var warmUp = (int)(UpdatesPerSecond * LatencyWarmUp.TotalSeconds);
        var total = warmUp + (int)(UpdatesPerSecond * LatencyRun.TotalSeconds);
        var pace = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / UpdatesPerSecond);
            if (due > pace.Elapsed)
            {
                await Task.Delay(due - pace.Elapsed);
            }

            var name = i < warmUp ? $"{WarmUpName} {i:D5}" : $"Latency {i:D5}";
            var id = ids[i % ids.Count];
            inFlight.Add(Task.Run(async () =>
            {
                using var patch = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/merge-patch+json");
                using var updated = await http.PatchAsync($"/services/store/api/stores/{id}", patch);
                updated.EnsureSuccessStatusCode();
                accepted[name] = Stopwatch.GetTimestamp();
            }));
        }

        await Task.WhenAll(inFlight);
        await Stats.WaitUntilAsync(() => Task.FromResult(arrivals.Count >= total), TimeSpan.FromSeconds(30), $"{total} alerts on the stream")
            .ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Cancel();
        await listening;

        var warmUpLatencies = new List<double>();
        foreach (var (name, at) in accepted)
        {
            if (arrivals.TryGetValue(name, out var arrived))
            {
                (IsWarmUp(name) ? warmUpLatencies : latencies).Add(Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds);
            }
        }

        var measured = stages.Where(s => !IsWarmUp(s.Key)).Select(s => s.Value).ToList();
        var relayed = measured.Select(s => s.Relayed).ToList();
        var streamed = measured.Select(s => s.Streamed).ToList();
        var breakdown = $"Store write → read by the Alert from Kafka {Spread(relayed)}; read → on the stream at the client {Spread(streamed)}; " +
            $"warm-up ({warmUp} updates, not counted): end to end {Spread(warmUpLatencies)}";
        return (Stats.Percentile([.. latencies], 50), Stats.Percentile([.. latencies], 99), latencies.Count, total - warmUp, breakdown);

        static bool IsWarmUp(string name) => name.StartsWith(WarmUpName, StringComparison.Ordinal);

        static string Spread(List<double> values) =>
            $"{Stats.Percentile(values, 50):F1} / {Stats.Percentile(values, 99):F1} / {values.DefaultIfEmpty().Max():F1}";
    }

    /// <summary>The broker's own produce → consume latency with the consumer settings the Alert runs with.</summary>
    private static double RawProduceConsumeP50(Infrastructure infrastructure)
    {
        var topic = infrastructure.NewTopic();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = infrastructure.Kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).Build();
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = infrastructure.Kafka.BootstrapServers,
            GroupId = $"bench-raw-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Infrastructure.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));

        var latencies = new List<double>();
        var run = Stopwatch.StartNew();
        for (var i = 0; i < 200 && run.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            var value = $"{i}";
            var sentAt = Stopwatch.GetTimestamp();
            producer.Produce(topic, new Message<string, string> { Key = $"k{i % 50}", Value = value });
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(2))
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record && record.Message.Value == value)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                    break;
                }
            }

            Thread.Sleep(1000 / UpdatesPerSecond);
        }

        if (latencies.Count < 100)
        {
            throw new InvalidOperationException($"The raw baseline saw only {latencies.Count} of its messages come back.");
        }

        // The first few include the consumer's first fetch; they are not the broker's steady latency.
        return Stats.Percentile(latencies.Skip(5).ToList(), 50);
    }
}
