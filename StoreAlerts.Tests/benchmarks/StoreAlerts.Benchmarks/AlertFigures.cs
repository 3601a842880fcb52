using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using MailKit.Net.Smtp;
using MimeKit;
using Npgsql;
using StoreAlerts.Testing;

namespace StoreAlerts.Benchmarks;

/// <summary>
/// <c>alert.ingest.ratio</c>: alerts stored per second from a backlog, against a raw Npgsql insert loop into the same table.
/// <c>alert.email.ratio</c>: emails accepted per second from pending alerts, against a raw MailKit loop to the same MailDev.
/// </summary>
public static class AlertFigures
{
    private const int Backlog = 40_000;
    private const int Emails = 10_000;
    private const int RawBatch = 500;

    public static async Task RunAsync(Infrastructure infrastructure, Figures figures)
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        var topic = infrastructure.NewTopic();
        var closedSmtp = $"Endpoint=smtp://127.0.0.1:{FreePort.Next()}";

        // A first start creates the table (migrations); nothing is on the topic yet.
        await using (await StartAlertAsync(infrastructure, database, topic, closedSmtp))
        {
            await Stats.WaitUntilAsync(async () => await ScalarAsync<bool>(database, "SELECT to_regclass('store_alerts') IS NOT NULL"),
                TimeSpan.FromSeconds(60), "the Alert's migrations");
        }

        Console.WriteLine($"alert.ingest: raw Npgsql loop, {Backlog} rows, {RawBatch} per transaction");
        var raw = await RawInsertLoopAsync(database);
        await ExecuteAsync(database, "TRUNCATE store_alerts");

        Console.WriteLine($"alert.ingest: {Backlog} events produced, then the Alert started on the backlog");
        await ProduceBacklogAsync(infrastructure.Kafka.BootstrapServers, topic);
        var wall = Stopwatch.StartNew();
        await using (await StartAlertAsync(infrastructure, database, topic, closedSmtp))
        {
            await Stats.WaitUntilAsync(async () => await ScalarAsync<long>(database, "SELECT count(*) FROM store_alerts") >= Backlog,
                TimeSpan.FromMinutes(5), $"{Backlog} alerts stored");
        }

        var stored = await RateAsync(database, "received_at");
        figures.Add(new Figure("alert.ingest.ratio", stored / raw, "×",
            $"{stored:F0} alerts/s first to last row ({Backlog / wall.Elapsed.TotalSeconds:F0}/s counting start-up)",
            $"{raw:F0} rows/s", "≥ 1.0", stored / raw >= 1.0));

        Console.WriteLine($"alert.email: raw MailKit loop, {Emails} emails over one connection");
        var rawEmails = await RawMailKitLoopAsync(infrastructure.MailDev);
        await infrastructure.MailDev.DeleteAllAsync();

        Console.WriteLine($"alert.email: {Emails} pending alerts, then the Alert started with MailDev");
        await ExecuteAsync(database, $"DELETE FROM store_alerts WHERE id NOT IN (SELECT id FROM store_alerts ORDER BY id LIMIT {Emails})");
        await ExecuteAsync(database, "UPDATE store_alerts SET notification_next_attempt_at = now() - interval '1 second'");
        await using (await StartAlertAsync(infrastructure, database, topic, infrastructure.MailDev.ConnectionString))
        {
            await Stats.WaitUntilAsync(
                async () => await ScalarAsync<long>(database, "SELECT count(*) FROM store_alerts WHERE notification_status = 'Sent'") >= Emails,
                TimeSpan.FromMinutes(5), $"{Emails} emails sent");
        }

        var sent = await RateAsync(database, "notification_sent_at");
        await infrastructure.MailDev.DeleteAllAsync();
        figures.Add(new Figure("alert.email.ratio", sent / rawEmails, "×", $"{sent:F0} emails/s first to last", $"{rawEmails:F0} emails/s",
            "≥ 0.8", sent / rawEmails >= 0.8));
    }

    private static Task<ServiceProcess> StartAlertAsync(Infrastructure infrastructure, string database, string topic, string smtp)
    {
        var environment = Infrastructure.ConsumerSettings;
        environment["ConnectionStrings__alertdb"] = database;
        environment["ConnectionStrings__kafka"] = infrastructure.Kafka.BootstrapServers;
        environment["ConnectionStrings__maildev"] = smtp;
        environment["Kafka__Topic"] = topic;
        environment["Alert__DistributionList"] = "store-managers@storealerts.local";
        environment["Alert__From"] = "StoreAlerts <alerts@storealerts.local>";
        environment["Alert__GatewayBaseUrl"] = "http://localhost:8080";
        return Services.StartAsync("StoreAlerts.Alert", environment);
    }

    /// <summary>Rows after the first batch over the time from the first to the last: start-up is not counted.</summary>
    private static async Task<double> RateAsync(string database, string column)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT count(*), count(*) FILTER (WHERE {column} = (SELECT min({column}) FROM store_alerts)), " +
            $"extract(epoch FROM max({column}) - min({column}))::float8 FROM store_alerts WHERE {column} IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (all, first, seconds) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2));
        return seconds > 0 ? (all - first) / seconds : double.NaN;
    }

    private static async Task<double> RawInsertLoopAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO store_alerts (event_id, store_id, store_name, store_address, store_status, previous_status, occurred_at,
                received_at, source_topic, source_partition, source_offset, notification_status, notification_attempts,
                notification_next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now(), 'raw', 0, $8, 'Pending', 0, now())
            ON CONFLICT (event_id) DO NOTHING
            """, connection);
        for (var p = 0; p < 8; p++)
        {
            command.Parameters.Add(new NpgsqlParameter());
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Backlog; i += RawBatch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            command.Transaction = transaction;
            for (var j = i; j < i + RawBatch; j++)
            {
                command.Parameters[0].Value = Guid.NewGuid().ToString();
                command.Parameters[1].Value = "6650a1b2c3d4e5f601234567";
                command.Parameters[2].Value = $"Store {j}";
                command.Parameters[3].Value = "Gran Via 32, Madrid";
                command.Parameters[4].Value = "CLOSED";
                command.Parameters[5].Value = "OPEN";
                command.Parameters[6].Value = DateTime.UtcNow;
                command.Parameters[7].Value = (long)j;
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        return Backlog / clock.Elapsed.TotalSeconds;
    }

    private static async Task ProduceBacklogAsync(string bootstrapServers, string topic)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        }).Build();
        for (var i = 0; i < Backlog; i++)
        {
            var storeId = $"{i % 500:x24}";
            producer.Produce(topic, new Message<string, string> { Key = storeId, Value = EventJson(storeId, $"Store {i}") });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>The event as the Store writes it (the golden sample's shape).</summary>
    public static string EventJson(string storeId, string name) => JsonSerializer.Serialize(new
    {
        eventId = Guid.NewGuid().ToString(),
        schemaVersion = 1,
        storeId,
        storeName = name,
        storeAddress = "Gran Via 32, Madrid",
        storeStatus = "CLOSED",
        previousStatus = "OPEN",
        occurredAt = DateTimeOffset.UtcNow,
    });

    private static async Task<double> RawMailKitLoopAsync(MailDevServer mailDev)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", mailDev.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Emails; i++)
        {
            await client.SendAsync(Email(i));
        }

        var rate = Emails / clock.Elapsed.TotalSeconds;
        await client.DisconnectAsync(quit: true);
        return rate;
    }

    /// <summary>An email of the same shape and size as an alert's: a text and an HTML part.</summary>
    private static MimeMessage Email(int i)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alerts@storealerts.local"));
        message.To.Add(MailboxAddress.Parse("store-managers@storealerts.local"));
        message.Subject = $"Store Alert: Store {i} is now CLOSED";
        message.MessageId = $"{Guid.NewGuid()}@storealerts";
        var body = new BodyBuilder
        {
            TextBody = $"Store {i}\nGran Via 32, Madrid\nOPEN → CLOSED\n{DateTimeOffset.UtcNow:u}\nhttp://localhost:8080/stores/{i}",
            HtmlBody = $"<h1>Store {i}</h1><p>Gran Via 32, Madrid</p><p>OPEN → CLOSED</p><p>{DateTimeOffset.UtcNow:u}</p><a href=\"http://localhost:8080/stores/{i}\">Open the store</a>",
        };
        message.Body = body.ToMessageBody();
        return message;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
