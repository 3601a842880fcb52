using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Npgsql;
using StoreAlerts.Testing;

namespace StoreAlerts.Faults.Tests;

/// <summary>One Alert pipeline under test: a fresh database, topic and group, its Alert processes, and what the checks read.</summary>
public sealed class Pipeline : IAsyncDisposable
{
    private readonly List<ServiceProcess> _alerts = [];

    private Pipeline(string database, string bootstrapServers, string? smtp)
    {
        Database = database;
        BootstrapServers = bootstrapServers;
        Smtp = smtp;
    }

    public string Database { get; }
    public string BootstrapServers { get; private set; }
    public string? Smtp { get; }
    public string Topic { get; } = $"faults-{Guid.NewGuid():N}";
    public string GroupId { get; } = $"alert-{Guid.NewGuid():N}";
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <param name="smtp">MailDev's connection string, or null for a closed port (the emails wait; the test is about rows).</param>
    public static async Task<Pipeline> CreateAsync(PostgresServer postgres, KafkaMockCluster kafka, MailDevServer? smtp = null)
    {
        var pipeline = new Pipeline(await postgres.CreateDatabaseAsync(), kafka.BootstrapServers, smtp?.ConnectionString);
        kafka.CreateTopic(pipeline.Topic);
        return pipeline;
    }

    /// <summary>Points later Alert processes at another broker (a broker that lost its log, say).</summary>
    public void UseBroker(KafkaMockCluster kafka)
    {
        BootstrapServers = kafka.BootstrapServers;
        kafka.CreateTopic(Topic);
    }

    public ServiceProcess NewAlert(params (string Key, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__alertdb"] = Database,
            ["ConnectionStrings__kafka"] = BootstrapServers,
            ["ConnectionStrings__maildev"] = Smtp ?? $"Endpoint=smtp://127.0.0.1:{FreePort.Next()}",
            ["Kafka__Topic"] = Topic,
            ["Aspire__Confluent__Kafka__Consumer__Config__GroupId"] = GroupId,
            ["Aspire__Confluent__Kafka__Consumer__Config__FetchWaitMaxMs"] = "10",
            ["Aspire__Confluent__Kafka__Consumer__Config__AutoCommitIntervalMs"] = "200",
            ["Aspire__Confluent__Kafka__Consumer__Config__SessionTimeoutMs"] = "6000",
            ["Aspire__Confluent__Kafka__Consumer__Config__HeartbeatIntervalMs"] = "1000",
            ["Alert__DistributionList"] = "faults@storealerts.test",
            ["Alert__From"] = "alerts@storealerts.test",
            ["Alert__Consumer__MaxRetryDelay"] = "00:00:01",
            ["Alert__Consumer__PollTimeout"] = "00:00:00.100",
            ["Alert__Email__RetryBaseDelay"] = "00:00:00.200",
            ["Alert__Email__RetryMaxDelay"] = "00:00:01",
        };
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }

        var alert = new ServiceProcess("StoreAlerts.Alert", environment);
        _alerts.Add(alert);
        return alert;
    }

    public static string Event(string eventId, string name) => JsonSerializer.Serialize(new
    {
        eventId,
        schemaVersion = 1,
        storeId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24],
        storeName = name,
        storeAddress = "Gran Via 32, Madrid",
        storeStatus = "CLOSED",
        previousStatus = "OPEN",
        occurredAt = DateTimeOffset.UtcNow,
    });

    /// <summary>Produces the values in order, about <paramref name="perSecond"/> a second, keyed over many stores; returns once all are acknowledged.</summary>
    public async Task ProduceAsync(IReadOnlyList<string> values, int perSecond, Func<int, Task>? onProgress = null, Func<int, byte[]?>? raw = null)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            LingerMs = 5,
            EnableIdempotence = true,
        }).Build();
        var started = Stopwatch.StartNew();
        var failures = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var value = raw?.Invoke(i) ?? System.Text.Encoding.UTF8.GetBytes(values[i]);
            producer.Produce(Topic, new Message<string, byte[]> { Key = $"store-{i % 64}", Value = value },
                report => { if (report.Error.IsError) { Interlocked.Increment(ref failures); } });
            if (i % 100 == 99)
            {
                var due = TimeSpan.FromSeconds((i + 1) / (double)perSecond) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                if (onProgress is not null)
                {
                    await onProgress(i + 1);
                }
            }
        }
        producer.Flush(TimeSpan.FromSeconds(60));
        Assert.Equal(0, failures);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        // Unpooled: a pooled connection would outlive a PostgreSQL restart and fail the check instead of the service.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<long> RowsAsync()
    {
        try
        {
            return await ScalarAsync("SELECT count(*) FROM store_alerts");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the Alert logs after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}: {what}.\n{string.Join("\n---\n", _alerts.Select(a => a.Tail))}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Waits for the Alert's migration to create the table.</summary>
    public Task WaitForSchemaAsync() => WaitUntilAsync(async () =>
    {
        try
        {
            await ScalarAsync("SELECT count(*) FROM store_alerts");
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(60), "the store_alerts table");

    public Task WaitForRowsAsync(long count, TimeSpan timeout) =>
        WaitUntilAsync(async () => await RowsAsync() >= count, timeout, $"{count} rows");

    /// <summary>Sum over the topic's partitions of the group's committed offsets.</summary>
    public long Committed()
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = GroupId }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, 4).Select(p => new TopicPartition(Topic, p)), TimeSpan.FromSeconds(10));
        return committed.Where(c => c.Offset.Value >= 0).Sum(c => c.Offset.Value);
    }

    /// <summary>How many records the dead-letter topic holds (its high watermarks).</summary>
    public long DeadLetters()
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = $"dlt-{Guid.NewGuid():N}" }).Build();
        return Enumerable.Range(0, 4).Sum(p =>
        {
            try
            {
                return Math.Max(0, consumer.QueryWatermarkOffsets(new TopicPartition(Topic + ".DLT", p), TimeSpan.FromSeconds(5)).High.Value);
            }
            catch (KafkaException)
            {
                return 0;
            }
        });
    }

    public static void Print(string scenario, params (string Name, object Value)[] figures)
    {
        var line = $"[fault] {scenario}: " + string.Join(", ", figures.Select(f => $"{f.Name}={f.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var alert in _alerts)
        {
            await alert.DisposeAsync();
        }
    }
}
