using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StoreAlerts.AppHost.Operations;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>The dashboard's commands on the <c>alert</c> resource, run through the app model as the dashboard runs them.</summary>
[Collection(StoreAlertsAppCollection.Name)]
public class OperatorCommandTests(StoreAlertsAppFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resend_failed_emails_sends_each_failed_email_once_and_again_sends_none()
    {
        await using var db = new NpgsqlConnection(system.AlertDbConnectionString);
        await db.OpenAsync(Ct);
        Assert.Equal(0L, await new NpgsqlCommand("SELECT count(*) FROM store_alerts WHERE notification_status = 'Failed'", db).ExecuteScalarAsync(Ct));
        string[] eventIds = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        foreach (var eventId in eventIds)
        {
            await InsertFailedAsync(db, eventId);
        }

        var first = await ExecuteAsync(AlertOperatorCommands.ResendFailedEmails);

        Assert.True(first.Success, first.Message);
        Assert.Equal("2 failed email(s) queued to be sent again.", first.Message);
        await EventuallyAsync(async () => await EmailsAsync(eventIds) == 2 && await StatusesAsync(db, eventIds) == "Sent,Sent");

        var second = await ExecuteAsync(AlertOperatorCommands.ResendFailedEmails);

        Assert.True(second.Success, second.Message);
        Assert.Equal("No failed email to send again.", second.Message);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // time enough for a wrongly queued email to go out
        Assert.Equal(2, await EmailsAsync(eventIds));
    }

    [Fact]
    public async Task Replay_dead_letters_turns_a_letter_whose_cause_is_fixed_into_a_row_and_again_changes_nothing()
    {
        await using var db = new NpgsqlConnection(system.AlertDbConnectionString);
        await db.OpenAsync(Ct);
        var eventId = Guid.NewGuid().ToString();
        var constraint = $"refuse_{eventId.Replace("-", "")}";
        // The cause: a rule in the database that refuses this event (a data error, so the consumer dead-letters it).
        await new NpgsqlCommand($"ALTER TABLE store_alerts ADD CONSTRAINT {constraint} CHECK (event_id <> '{eventId}') NOT VALID", db).ExecuteNonQueryAsync(Ct);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = system.KafkaConnectionString }).Build();
        await producer.ProduceAsync("topic_alert", new Message<string, string>
        {
            Key = "replayed",
            Value = JsonSerializer.Serialize(new
            {
                eventId,
                schemaVersion = 1,
                storeId = "replayed",
                storeName = "Replayed",
                storeAddress = "Gran Via 32",
                storeStatus = "CLOSED",
                previousStatus = "OPEN",
                occurredAt = DateTimeOffset.UtcNow,
            }),
        }, Ct);
        await EventuallyAsync(() => Task.FromResult(DeadLetterHolds(eventId)));
        Assert.Equal(0L, await RowsAsync(db, eventId));

        await new NpgsqlCommand($"ALTER TABLE store_alerts DROP CONSTRAINT {constraint}", db).ExecuteNonQueryAsync(Ct);
        var first = await ExecuteAsync(AlertOperatorCommands.ReplayDeadLetters);

        Assert.True(first.Success, first.Message);
        Assert.Matches(@"^\d+ dead letter\(s\) copied back to be processed again\.$", first.Message);
        await EventuallyAsync(async () => await RowsAsync(db, eventId) == 1);

        var second = await ExecuteAsync(AlertOperatorCommands.ReplayDeadLetters);

        Assert.True(second.Success, second.Message);
        Assert.Equal("No dead letter to replay.", second.Message);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(1L, await RowsAsync(db, eventId));
    }

    private bool DeadLetterHolds(string eventId)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = system.KafkaConnectionString,
            GroupId = $"dlt-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe("topic_alert.DLT");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var endsSeen = 0;
        while (DateTime.UtcNow < deadline)
        {
            ConsumeResult<string, string>? record;
            try
            {
                record = consumer.Consume(TimeSpan.FromSeconds(1));
            }
            catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                break; // the first dead letter creates the topic
            }

            if (record?.IsPartitionEOF == true && ++endsSeen >= Math.Max(1, consumer.Assignment.Count))
            {
                break;
            }

            if (record?.Message?.Value?.Contains(eventId) == true)
            {
                consumer.Close();
                return true;
            }
        }

        consumer.Close();
        return false;
    }

    private static async Task<long> RowsAsync(NpgsqlConnection db, string eventId)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM store_alerts WHERE event_id = @e", db);
        count.Parameters.AddWithValue("e", eventId);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Runs the command on one of the Alert's replicas (each acts for all of them).</summary>
    private async Task<ExecuteCommandResult> ExecuteAsync(string command)
    {
        var replicas = await system.WaitForReplicasAsync(ResourceNames.Alert, seen => seen.Count == StoreAlertsAppFixture.AlertReplicas, Ct);
        return await system.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(replicas.Keys.Order().First(), command, Ct);
    }

    private static async Task InsertFailedAsync(NpgsqlConnection db, string eventId)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO store_alerts (event_id, store_id, store_name, store_address, store_status, previous_status, occurred_at, received_at,
                source_topic, source_partition, source_offset, notification_status, notification_attempts, notification_last_error, notification_next_attempt_at)
            VALUES (@e, 'failed-store', 'Failed ' || @e, 'Gran Via 32', 'CLOSED', 'OPEN', now(), now(), 'topic_alert', 0, -1, 'Failed', 5, '550 mailbox unavailable', now())
            """, db);
        insert.Parameters.AddWithValue("e", eventId);
        await insert.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> StatusesAsync(NpgsqlConnection db, string[] eventIds)
    {
        await using var query = new NpgsqlCommand("SELECT string_agg(notification_status, ',' ORDER BY notification_status) FROM store_alerts WHERE event_id = ANY(@e)", db);
        query.Parameters.AddWithValue("e", eventIds);
        return (string)(await query.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>How many emails in MailDev belong to these events (by <c>Message-Id</c>).</summary>
    private async Task<int> EmailsAsync(string[] eventIds)
    {
        using var maildev = system.CreateClient(ResourceNames.MailDev);
        var ids = eventIds.Select(e => $"<{e}@storealerts>").ToHashSet();
        return JsonDocument.Parse(await maildev.GetStringAsync("/api/email", Ct)).RootElement.EnumerateArray()
            .Count(e => e.TryGetProperty("headers", out var h) && h.TryGetProperty("message-id", out var id) && ids.Contains(id.GetString()!));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not done within {Patience.TotalSeconds} s.");
            await Task.Delay(250, Ct);
        }
    }
}
