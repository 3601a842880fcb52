using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using MailKit.Net.Smtp;
using MimeKit;
using Npgsql;

namespace StoreAlerts.AppHost.Tests.System;

[Collection(StoreAlertsAppCollection.Name)]
public class SystemSmokeTests(StoreAlertsAppFixture system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ResourceNames.Store)]
    [InlineData(ResourceNames.Alert)]
    [InlineData(ResourceNames.Gateway)]
    [InlineData(ResourceNames.Identity)]
    public async Task Each_service_reports_healthy(string service)
    {
        using var client = system.CreateClient(service);

        using var response = await client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_alert_runs_as_the_configured_number_of_replicas_each_healthy()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        var replicas = await system.WaitForReplicasAsync(ResourceNames.Alert,
            seen => StoreAlertsAppFixture.AllHealthy(seen, StoreAlertsAppFixture.AlertReplicas), timeout.Token);

        Assert.Equal(StoreAlertsAppFixture.AlertReplicas, replicas.Count);
    }

    [Fact]
    public async Task Kafka_dev_broker_delivers_a_produced_message()
    {
        var topic = $"smoke-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.KafkaConnectionString }).Build();
        var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = "store-1", Value = "hello" }, Ct);
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = system.KafkaConnectionString,
            GroupId = topic,
            FetchWaitMaxMs = 10,
        }).Build();

        consumer.Assign(new TopicPartitionOffset(topic, delivered.Partition, Offset.Beginning));
        var received = consumer.Consume(TimeSpan.FromSeconds(10));

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(("store-1", "hello"), (received?.Message.Key, received?.Message.Value));
    }

    [Fact]
    public async Task Kafka_dev_broker_lets_a_consumer_group_join_without_the_rebalance_delay()
    {
        var topic = $"smoke-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.KafkaConnectionString }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "store-1", Value = "hello" }, Ct);
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = system.KafkaConnectionString,
            GroupId = topic,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
        }).Build();

        consumer.Subscribe(topic);
        var received = consumer.Consume(TimeSpan.FromSeconds(2)); // a broker's default 3 s delay would miss this

        Assert.Equal("hello", received?.Message.Value);
        consumer.Close();
    }

    [Fact]
    public async Task Alertdb_is_a_postgres_database_that_keeps_rows()
    {
        var table = $"smoke_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(system.AlertDbConnectionString);
        await connection.OpenAsync(Ct);

        await new NpgsqlCommand($"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (42);", connection).ExecuteNonQueryAsync(Ct);
        var stored = await new NpgsqlCommand($"SELECT current_database() || ':' || (SELECT id FROM {table})", connection).ExecuteScalarAsync(Ct);

        Assert.Equal("alertdb:42", stored);
    }

    [Fact]
    public async Task Maildev_keeps_a_message_sent_over_smtp()
    {
        var subject = await SendEmailAsync();

        var kept = Assert.Single(await InboxAsync(), e => e.GetProperty("subject").GetString() == subject);
        Assert.Equal("store-managers@storealerts.local", kept.GetProperty("to")[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task Dashboard_command_empties_the_maildev_inbox()
    {
        var subject = await SendEmailAsync();

        var result = await system.App.ResourceCommands.ExecuteCommandAsync(ResourceNames.MailDev, "delete-all-emails", Ct);

        Assert.True(result.Success, result.Message);
        Assert.DoesNotContain(await InboxAsync(), e => e.GetProperty("subject").GetString() == subject);
    }

    private async Task<string> SendEmailAsync()
    {
        var subject = $"smoke {Guid.NewGuid()}";
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "hello" } };
        message.From.Add(MailboxAddress.Parse("alerts@storealerts.local"));
        message.To.Add(MailboxAddress.Parse("store-managers@storealerts.local"));
        var endpoint = new Uri(system.MailDevConnectionString["Endpoint=".Length..]);

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(endpoint.Host, endpoint.Port, MailKit.Security.SecureSocketOptions.None, Ct);
        await smtp.SendAsync(message, Ct);
        await smtp.DisconnectAsync(quit: true, Ct);
        return subject;
    }

    private async Task<JsonElement[]> InboxAsync()
    {
        using var web = system.CreateClient(ResourceNames.MailDev);
        return [.. JsonDocument.Parse(await web.GetStringAsync("/api/email", Ct)).RootElement.EnumerateArray()];
    }
}
