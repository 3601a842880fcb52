using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>
/// The Alert service in-process (its real Program), on a fresh database, topic and consumer group,
/// against real PostgreSQL, MailDev and the librdkafka mock cluster.
/// </summary>
public sealed class AlertApp : IAsyncDisposable
{
    public const string GatewayBaseUrl = "http://gateway.test";
    public static readonly string[] DistributionList = ["ops@example.com", "lead@example.com"];
    public const string From = "alerts@storealerts.test";

    private readonly WebApplicationFactory<Program> _factory;

    private AlertApp(WebApplicationFactory<Program> factory, string database, string topic, string groupId, KafkaMockCluster kafka)
    {
        _factory = factory;
        DatabaseConnectionString = database;
        Topic = topic;
        GroupId = groupId;
        Kafka = new KafkaTestClient(kafka.BootstrapServers);
    }

    public string DatabaseConnectionString { get; }
    public string Topic { get; }
    public string GroupId { get; }
    public KafkaTestClient Kafka { get; }
    public IServiceProvider Services => _factory.Services;
    public required Uri BaseAddress { get; init; }

    /// <summary>A plain socket client, as the gateway would use, with an <c>admin</c> token from the test issuer.</summary>
    public HttpClient CreateClient() => TestIssuer.Shared.Authorize(new HttpClient { BaseAddress = BaseAddress });

    public static async Task<AlertApp> StartAsync(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka,
        bool createTopic = true, params (string Key, string Value)[] overrides) =>
        await StartAsync(postgres, mailDev, kafka, await postgres.CreateDatabaseAsync(), $"alerts-{Guid.NewGuid():N}", $"alert-{Guid.NewGuid():N}",
            createTopic, overrides);

    /// <summary>The Alert with <paramref name="configureServices"/> applied after its own registrations.</summary>
    public static async Task<AlertApp> StartAsync(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka,
        Action<IServiceCollection> configureServices) =>
        await StartAsync(postgres, mailDev, kafka, await postgres.CreateDatabaseAsync(), $"alerts-{Guid.NewGuid():N}", $"alert-{Guid.NewGuid():N}",
            true, [], configureServices);

    /// <summary>Another Alert on the same database, reading its own topic: whatever it stores, a replica stored.</summary>
    public static Task<AlertApp> StartOnSameDatabaseAsync(AlertApp other, PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka) =>
        StartAsync(postgres, mailDev, kafka, other.DatabaseConnectionString, $"alerts-{Guid.NewGuid():N}", $"alert-{Guid.NewGuid():N}", true, []);

    private static async Task<AlertApp> StartAsync(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka,
        string database, string topic, string groupId, bool createTopic, (string Key, string Value)[] overrides,
        Action<IServiceCollection>? configureServices = null)
    {
        if (createTopic)
        {
            kafka.CreateTopic(topic);
        }

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:alertdb"] = database,
            ["ConnectionStrings:maildev"] = mailDev.ConnectionString,
            ["ConnectionStrings:kafka"] = kafka.BootstrapServers,
            ["Kafka:Topic"] = topic,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = groupId,
            ["Aspire:Confluent:Kafka:Consumer:Config:FetchWaitMaxMs"] = "10",
            ["Aspire:Confluent:Kafka:Consumer:Config:AutoCommitIntervalMs"] = "100",
            ["Alert:DistributionList"] = string.Join(", ", DistributionList),
            ["Alert:From"] = From,
            ["Alert:GatewayBaseUrl"] = GatewayBaseUrl,
            ["Alert:Email:RetryBaseDelay"] = "00:00:00.200",
            ["Alert:Email:RetryMaxDelay"] = "00:00:01",
            ["Alert:Email:PollInterval"] = "00:00:00.500",
            ["Alert:Consumer:MaxRetryDelay"] = "00:00:01",
            ["Alert:Consumer:PollTimeout"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Identity:Authority"] = TestIssuer.Shared.Authority.ToString(),
            ["Logging:LogLevel:StoreAlerts"] = "Warning",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var port = FreePort.Next();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.UseSetting("urls", $"http://127.0.0.1:{port}");
            if (configureServices is not null)
            {
                web.ConfigureTestServices(configureServices);
            }
        });
        // Real sockets: TestServer aborts a streamed response (the SSE stream) as soon as its headers are read.
        factory.UseKestrel();
        try
        {
            // Starts the host (migrations, consumer, dispatcher) and waits until the schema is in place.
            factory.StartServer();
            await factory.Services.GetRequiredService<DatabaseMigrator>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
        return new AlertApp(factory, database, topic, groupId, kafka) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<Dictionary<string, object?>>> RowsAsync(string where = "true")
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT * FROM store_alerts WHERE {where} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }
        return rows;
    }

    /// <summary>Polls until the table holds <paramref name="count"/> rows matching <paramref name="where"/>.</summary>
    public async Task<List<Dictionary<string, object?>>> WaitForRowsAsync(int count, string where = "true", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            List<Dictionary<string, object?>> rows = [];
            try
            {
                rows = await RowsAsync(where);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // not migrated yet
            }
            if (rows.Count >= count)
            {
                return rows;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} rows where {where}, found {rows.Count}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Kafka.Dispose();
    }
}
