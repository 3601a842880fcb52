using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Store.Stores;
using StoreAlerts.Store.Tests.Infrastructure;

namespace StoreAlerts.Store.Tests.Benchmarks;

/// <summary>
/// Updates per second through the HTTP API (Kestrel on loopback, LiteDB file, librdkafka mock cluster), counting
/// an update only once its event was delivered to Kafka and read back. Explicit: not part of the default run.
/// Run: <c>dotnet test -c Release --project tests/StoreAlerts.Store.Tests -- --filter-class '*UpdateThroughputBenchmark' --explicit only</c>
/// then read <c>bin/Release/net10.0/TestResults/store-benchmark.txt</c>
/// (<c>STOREALERTS_BENCH_UPDATES</c>, <c>STOREALERTS_BENCH_CONCURRENCY</c> change the load).
/// </summary>
public sealed class UpdateThroughputBenchmark
{
    private const int Stores = 50;

    [Fact(Explicit = true)]
    public async Task Updates_per_second_with_events_published()
    {
        var updates = Setting("STOREALERTS_BENCH_UPDATES", 5000);
        var concurrency = Setting("STOREALERTS_BENCH_CONCURRENCY", 8);
        await using var app = new StoreApp().WithKestrel();
        using var client = app.CreateStoreClient();
        var ids = new List<string>();
        for (var s = 0; s < Stores; s++)
        {
            ids.Add((await client.CreateAsync($"Bench {s}")).GetProperty("id").GetString()!);
        }

        using var reader = app.ReadTopic();
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < updates; i = Interlocked.Increment(ref next))
            {
                using var response = await client.PatchAsync(ids[i % Stores], new { name = $"Update {i}" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
        var apiSeconds = clock.Elapsed.TotalSeconds;

        var repository = app.Services.GetRequiredService<IStoreRepository>();
        while ((await repository.FindWithPendingEventsAsync(1, TestContext.Current.CancellationToken)).Count > 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var deliveredSeconds = clock.Elapsed.TotalSeconds;
        // Client, service, broker and reader share this process and the machine may be busy: CPU time per update is the steadier figure.
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var received = reader.Read(ids, updates, TimeSpan.FromSeconds(60), quietPeriod: TimeSpan.Zero).Count;
        var report = $"{updates} updates over {Stores} stores, {concurrency} concurrent clients, {Environment.ProcessorCount} cores: " +
            $"API {updates / apiSeconds:F0} updates/s ({apiSeconds:F2} s); all events delivered after {deliveredSeconds:F2} s " +
            $"= {updates / deliveredSeconds:F0} updates/s end to end; " +
            $"{cpuSeconds * 1000 / updates:F2} ms CPU per update (client, service, mock broker and reader together); {received} events read back; " +
            $"load average {LoadAverage()}.";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        // The test platform shows no output of passing tests, so the figure also goes to a file.
        var resultFile = Path.Combine(AppContext.BaseDirectory, "TestResults", "store-benchmark.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(resultFile)!);
        await File.AppendAllTextAsync(resultFile, $"{DateTime.UtcNow:u} {report}{Environment.NewLine}", TestContext.Current.CancellationToken);
        Assert.Equal(updates, received);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static int Setting(string name, int defaultValue) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : defaultValue;
}
