using Confluent.Kafka;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

public sealed class DeadLetterTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    [Fact]
    public async Task Bad_records_go_to_the_dead_letter_topic_and_every_valid_one_is_stored()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var first = TestEvents.New();
        var second = TestEvents.New();
        var third = TestEvents.New();
        var missingName = TestEvents.New() with { StoreName = "" };
        const string key = "one-partition"; // all on one partition, so the valid ones after a bad one prove the loop went on
        var legacyName = $"Legacy {Guid.NewGuid():N}";

        var traceHeaders = new Headers { { "content-type", "application/json"u8.ToArray() } };
        await app.Kafka.ProduceAsync(app.Topic, key, first.Json);
        var malformed = await app.Kafka.ProduceAsync(app.Topic, key, "{\"eventId\": \"x\", \"storeName\": ", traceHeaders);
        await app.Kafka.ProduceAsync(app.Topic, key, second.Json);
        var invalid = await app.Kafka.ProduceAsync(app.Topic, key, missingName.Json);
        var legacy = await app.Kafka.ProduceAsync(app.Topic, key, $$"""{"storeName":"{{legacyName}}","storeStatus":"CLOSED"}""");
        await app.Kafka.ProduceAsync(app.Topic, key, third.Json);

        var rows = await app.WaitForRowsAsync(4);
        var legacyRecord = app.Kafka.ReadAll(app.Topic, 6).Single(r => r.TopicPartitionOffset == legacy);
        Assert.Equal([first.EventId, second.EventId, StoreAlertEventReader.LegacyEventId(legacy, legacyRecord.Message.Timestamp.UtcDateTime, legacyRecord.Message.Value), third.EventId], rows.Select(r => r["event_id"]));
        var legacyRow = rows[2];
        Assert.Equal(legacyName, legacyRow["store_name"]);
        Assert.Null(legacyRow["store_id"]);
        Assert.Equal("CLOSED", legacyRow["store_status"]);

        var deadLetters = app.Kafka.ReadAll(app.Topic + ".DLT", 2);
        Assert.Equal(2, deadLetters.Count);
        AssertDeadLetter(deadLetters[0], malformed, "Malformed JSON");
        Assert.Equal("application/json", KafkaTestClient.Header(deadLetters[0], "content-type")); // original headers kept
        AssertDeadLetter(deadLetters[1], invalid, "storeName is required");
        Assert.Equal("storeName", KafkaTestClient.Header(deadLetters[1], DeadLetterPublisher.FieldHeader));
        Assert.Equal(missingName.Json, deadLetters[1].Message.Value);

        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 6);
    }

    private static void AssertDeadLetter(ConsumeResult<string, string> deadLetter, TopicPartitionOffset source, string error)
    {
        Assert.Contains(error, KafkaTestClient.Header(deadLetter, DeadLetterPublisher.ErrorHeader));
        Assert.Equal(source.Topic, KafkaTestClient.Header(deadLetter, DeadLetterPublisher.TopicHeader));
        Assert.Equal(source.Partition.Value.ToString(), KafkaTestClient.Header(deadLetter, DeadLetterPublisher.PartitionHeader));
        Assert.Equal(source.Offset.Value.ToString(), KafkaTestClient.Header(deadLetter, DeadLetterPublisher.OffsetHeader));
        Assert.Equal("one-partition", deadLetter.Message.Key);
    }
}
