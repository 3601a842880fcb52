// Measures the Alert consumer: a backlog of N events (default 10,000) on a fresh topic of the mock cluster,
// then the real service registration (AddAlertServices) against a throwaway PostgreSQL and MailDev.
// Run: dotnet run -c Release --project StoreAlerts.Tests/benchmarks/StoreAlerts.Alert.Benchmarks [-- N]
using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StoreAlerts.Alert.Extensions;
using StoreAlerts.Testing;

var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var topic = $"bench-{Guid.NewGuid():N}";

await using var postgres = new PostgresServer();
await postgres.InitializeAsync();
await using var mailDev = new MailDevServer();
await mailDev.InitializeAsync();
using var kafka = KafkaMockCluster.Start();
kafka.CreateTopic(topic);
var database = await postgres.CreateDatabaseAsync();

var produceTime = Stopwatch.StartNew();
using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 20 }).Build())
{
    for (var i = 0; i < count; i++)
    {
        var storeId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24];
        var value = JsonSerializer.Serialize(new
        {
            eventId = Guid.NewGuid(),
            schemaVersion = 1,
            storeId,
            storeName = $"Store {i}",
            storeAddress = "Gran Via 32, Madrid",
            storeStatus = i % 2 == 0 ? "CLOSED" : "OPEN",
            previousStatus = i % 2 == 0 ? "OPEN" : "CLOSED",
            occurredAt = DateTimeOffset.UtcNow,
        });
        producer.Produce(topic, new Message<string, string> { Key = storeId, Value = value });
    }
    producer.Flush(TimeSpan.FromSeconds(60));
}
Console.WriteLine($"backlog: {count} events produced in {produceTime.Elapsed.TotalSeconds:F2} s");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:alertdb"] = database,
    ["ConnectionStrings:maildev"] = mailDev.ConnectionString,
    ["ConnectionStrings:kafka"] = kafka.BootstrapServers,
    ["Kafka:Topic"] = topic,
    ["Aspire:Confluent:Kafka:Consumer:Config:FetchWaitMaxMs"] = "10",
    ["Alert:DistributionList"] = "ops@example.com",
    ["Alert:From"] = "alerts@example.com",
    ["Logging:LogLevel:Default"] = "Warning",
    ["urls"] = "http://127.0.0.1:0",
});
builder.AddServiceDefaults();
builder.AddApplicationServices();
await using var app = builder.Build();

var total = Stopwatch.StartNew();
await app.StartAsync();
TimeSpan? firstRow = null;
long rows = 0, sent = 0;
TimeSpan? allStored = null;
while (total.Elapsed < TimeSpan.FromMinutes(5))
{
    await using (var connection = new NpgsqlConnection(database))
    {
        await connection.OpenAsync();
        try
        {
            await using var command = new NpgsqlCommand("SELECT count(*), count(*) FILTER (WHERE notification_status = 'Sent') FROM store_alerts", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            (rows, sent) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
        }
    }
    if (rows > 0)
    {
        firstRow ??= total.Elapsed;
    }

    if (rows >= count)
    {
        allStored ??= total.Elapsed;
    }

    if (sent >= count)
    {
        break;
    }

    await Task.Delay(20);
}
await app.StopAsync();

if (allStored is null || firstRow is null)
{
    Console.WriteLine($"FAILED: only {rows} of {count} alerts stored within 5 minutes");
    return 1;
}
var storing = allStored.Value - firstRow.Value;
Console.WriteLine($"stored: {count} alerts in {allStored.Value.TotalSeconds:F2} s from start ({firstRow.Value.TotalSeconds:F2} s start-up and group join)");
Console.WriteLine($"throughput: {count / storing.TotalSeconds:F0} alerts stored/s (first row to last row), {count / allStored.Value.TotalSeconds:F0} alerts/s including start-up");
Console.WriteLine($"emails: {sent} sent to MailDev in {total.Elapsed.TotalSeconds:F2} s from start ({sent / (total.Elapsed - firstRow.Value).TotalSeconds:F0} emails/s)");
return 0;
