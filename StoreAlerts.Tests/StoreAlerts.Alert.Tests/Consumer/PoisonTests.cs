using System.Text;
using Confluent.Kafka;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>A record that can never be stored is dead-lettered with its reason, and never holds up the records after it.</summary>
public sealed class PoisonTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    [Fact]
    public async Task Poison_records_of_every_kind_are_dead_lettered_and_every_valid_record_around_them_stored()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        // A value the reader accepts and PostgreSQL refuses (SQLSTATE 23514), as a column type or constraint would.
        await app.ScalarAsync<int>("ALTER TABLE store_alerts ADD CONSTRAINT no_poison CHECK (store_name NOT LIKE 'Poison%'); SELECT 1");
        const string key = "one-partition";
        var valid = Enumerable.Range(0, 7).Select(_ => TestEvents.New()).ToList();
        string[] poison =
        [
            """{"storeName":"Za\u0000ra","storeStatus":"CLOSED"}""",                                     // NUL: PostgreSQL cannot hold it
            $$"""{"eventId":"{{Guid.NewGuid()}}","schemaVersion":1,"storeName":"Za\ud800ra","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", // a lone surrogate: not text
            """{"eventId":"e1","schemaVersion":1,"storeName":7,"storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", // wrong type
            """{"eventId":"e2","schemaVersion":9,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""", // unknown schema version
            TestEvents.New(name: "Poison").Json,                                                           // refused by the database
        ];
        await app.Kafka.ProduceAsync(app.Topic, key, valid[0].Json);
        for (var i = 0; i < poison.Length; i++)
        {
            await app.Kafka.ProduceAsync(app.Topic, key, poison[i]);
            await app.Kafka.ProduceAsync(app.Topic, key, valid[i + 1].Json);
        }
        await ProduceBytesAsync(app, key, [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]); // not UTF-8
        await app.Kafka.ProduceAsync(app.Topic, key, valid[6].Json);

        var rows = await app.WaitForRowsAsync(7);
        Assert.Equal(valid.Select(e => e.EventId), rows.Select(r => r["event_id"]));
        var deadLetters = app.Kafka.ReadAll(app.Topic + ".DLT", 6);
        Assert.Equal(6, deadLetters.Count);
        Assert.Equal(["storeName", "storeName", "storeName", "schemaVersion", "value", "value"],
            deadLetters.OrderBy(d => long.Parse(KafkaTestClient.Header(d, DeadLetterPublisher.OffsetHeader))).Select(d => KafkaTestClient.Header(d, DeadLetterPublisher.FieldHeader)));
        Assert.Contains(deadLetters, d => KafkaTestClient.Header(d, DeadLetterPublisher.ErrorHeader).Contains("Refused by the database: PostgreSQL 23514"));
        Assert.Contains(deadLetters, d => KafkaTestClient.Header(d, DeadLetterPublisher.ErrorHeader).Contains("not valid UTF-8"));
        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 13);
    }

    [Fact]
    public async Task Dead_letter_too_large_for_the_topic_is_sent_reduced_with_headers_saying_so()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, overrides:
        [
            ("Aspire:Confluent:Kafka:Producer:Config:MessageMaxBytes", "4000"),
            ("Alert:DeadLetter:ReducedValueBytes", "500"),
        ]);
        const string key = "one-partition";
        var big = $$"""{"storeName":"{{new string('x', 300)}}","storeStatus":"CLOSED","padding":"{{new string('p', 3000)}}"}""";
        var headers = new Headers { { "trace-baggage", Encoding.UTF8.GetBytes(new string('b', 1500)) } };
        var after = TestEvents.New();

        var source = await app.Kafka.ProduceAsync(app.Topic, key, big, headers);
        await app.Kafka.ProduceAsync(app.Topic, key, after.Json);

        Assert.Equal(after.EventId, Assert.Single(await app.WaitForRowsAsync(1))["event_id"]);
        var deadLetter = Assert.Single(app.Kafka.ReadAll(app.Topic + ".DLT", 1));
        Assert.Contains("MsgSizeTooLarge", KafkaTestClient.Header(deadLetter, DeadLetterPublisher.ReducedHeader));
        Assert.True(int.Parse(KafkaTestClient.Header(deadLetter, DeadLetterPublisher.OriginalSizeHeader)) > 4000);
        Assert.Equal(source.Offset.Value.ToString(), KafkaTestClient.Header(deadLetter, DeadLetterPublisher.OffsetHeader));
        Assert.Equal("storeName", KafkaTestClient.Header(deadLetter, DeadLetterPublisher.FieldHeader));
        Assert.Equal(big[..500], deadLetter.Message.Value);
        Assert.False(deadLetter.Message.Headers.TryGetLastBytes("trace-baggage", out _));
        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 2);
    }

    private static async Task ProduceBytesAsync(AlertApp app, string key, byte[] value)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = app.Kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(app.Topic, new Message<string, byte[]> { Key = key, Value = value });
    }
}
