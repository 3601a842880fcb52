// Measures the Store: the real service (its Program, on Kestrel over loopback) on a throwaway LiteDB file and a
// librdkafka mock cluster; 50 stores, then N PATCH updates from C concurrent clients. An update counts end to end
// once no event is pending in the outbox and every event has been read back from the topic.
// Run: dotnet run -c Release --project StoreAlerts.Tests/benchmarks/StoreAlerts.Store.Benchmarks [-- --updates 5000 --concurrency 8]
extern alias Store;

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Store::StoreAlerts.Store.Stores;
using StoreAlerts.Testing;

const int Stores = 50;
const int Partitions = 4;
var updates = Option("--updates", 5000);
var concurrency = Option("--concurrency", 8);
var topic = $"bench-{Guid.NewGuid():N}";
var databaseFile = Path.Combine(Path.GetTempPath(), $"storealerts-bench-{Guid.NewGuid():N}.db");

using var kafka = KafkaMockCluster.Start();
kafka.CreateTopic(topic, Partitions);
await using var factory = new WebApplicationFactory<Store::Program>();
var store = factory.WithWebHostBuilder(web => web
    .UseEnvironment("Production")
    .UseSetting("StoreDatabase:Provider", "LiteDB")
    .UseSetting("ConnectionStrings:storedb", $"Filename={databaseFile};Connection=shared")
    .UseSetting("ConnectionStrings:kafka", kafka.BootstrapServers)
    .UseSetting("Kafka:Topic", topic)
    .UseSetting("Logging:LogLevel:Default", "Warning"));
store.UseKestrel(0);
using var http = store.CreateClient();

var ids = new List<string>();
for (var s = 0; s < Stores; s++)
{
    using var created = await http.PostAsJsonAsync("/api/stores", new { name = $"Bench {s}", address = "Gran Via 32", status = "OPEN" });
    ids.Add((await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<StoreId>())!.Id);
}

var next = -1;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    for (var i = Interlocked.Increment(ref next); i < updates; i = Interlocked.Increment(ref next))
    {
        using var patch = new StringContent($$"""{"name":"Update {{i}}"}""", Encoding.UTF8, "application/merge-patch+json");
        using var response = await http.PatchAsync($"/api/stores/{ids[i % Stores]}", patch);
        response.EnsureSuccessStatusCode();
    }
}));
var apiSeconds = clock.Elapsed.TotalSeconds;

var repository = store.Services.GetRequiredService<IStoreRepository>();
while ((await repository.FindWithPendingEventsAsync(1, CancellationToken.None)).Count > 0)
{
    await Task.Delay(5);
}
var deliveredSeconds = clock.Elapsed.TotalSeconds;
// Client, service, broker and reader share this process and the machine may be busy: CPU time per update is the steadier figure.
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
var readBack = ReadBack(TimeSpan.FromSeconds(60));

Console.WriteLine($"load: {updates} updates over {Stores} stores, {concurrency} concurrent clients; {Environment.ProcessorCount} cores, load average {LoadAverage()}");
Console.WriteLine($"API: {updates / apiSeconds:F0} updates/s ({apiSeconds:F2} s)");
Console.WriteLine($"end to end: {updates / deliveredSeconds:F0} updates/s (all events delivered after {deliveredSeconds:F2} s)");
Console.WriteLine($"CPU: {cpuSeconds * 1000 / updates:F2} ms per update (client, service, mock broker and reader together)");
Console.WriteLine($"events read back: {readBack} of {updates}");

File.Delete(databaseFile);
File.Delete(Path.ChangeExtension(databaseFile, null) + "-log.db");
if (readBack < updates)
{
    Console.WriteLine($"FAILED: only {readBack} of {updates} events read back within 60 s");
    return 1;
}
return 0;

// Every message on the fresh topic is an update's event (creating a store publishes none); no group, so no join delay.
int ReadBack(TimeSpan timeout)
{
    using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        GroupId = $"bench-reader-{Guid.NewGuid():N}",
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = 10,
    }).Build();
    consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    var count = 0;
    var deadline = Stopwatch.StartNew();
    while (count < updates && deadline.Elapsed < timeout)
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
        {
            count++;
        }
    }
    return count;
}

int Option(string name, int defaultValue)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : defaultValue;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

internal sealed record StoreId(string Id);
