using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>
/// An idempotent producer that hit a fatal error refuses every later message. The dead-letter publisher must replace
/// it, and the consumer must hold the record until its dead letter is acknowledged. The fatal error is raised inside the
/// real librdkafka with its own test hook, on the very producer the publisher uses.
/// </summary>
public sealed class FatalDeadLetterProducerTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private readonly ConcurrentQueue<IProducer<string, string>> _replaceable = new();

    [Fact]
    public async Task After_a_fatal_producer_error_the_dead_letter_goes_out_through_a_new_producer_and_the_loop_goes_on()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, services =>
            services.Decorate<KafkaProducerFactory<string, string>>(inner => new(onError =>
                onError is null ? inner.Create() : Keep(inner.Create(onError)))));
        const string key = "one-partition"; // one partition: the valid event after the bad one is in its batch or after it
        var before = await app.Kafka.ProduceAsync(app.Topic, key, "not json before");
        Assert.Single(app.Kafka.ReadAll(app.Topic + DeadLetterPublisher.Suffix, 1));

        var built = _replaceable.Count;
        foreach (var producer in _replaceable)
        {
            FatalProducerError.Raise(producer, "raised by the test");
        }

        var after = await app.Kafka.ProduceAsync(app.Topic, key, "not json after");
        var valid = TestEvents.New();
        await app.Kafka.ProduceAsync(app.Topic, key, valid.Json);

        var rows = await app.WaitForRowsAsync(1, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(valid.EventId, Assert.Single(rows)["event_id"]);
        var deadLetters = app.Kafka.ReadAll(app.Topic + DeadLetterPublisher.Suffix, 2, TimeSpan.FromSeconds(60));
        Assert.Equal([before.Offset.Value.ToString(), after.Offset.Value.ToString()],
            deadLetters.Select(d => KafkaTestClient.Header(d, DeadLetterPublisher.OffsetHeader)).Distinct());
        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 3, TimeSpan.FromSeconds(60));
        Assert.True(_replaceable.Count > built, "the publisher kept its dead producer");
    }

    private IProducer<string, string> Keep(IProducer<string, string> producer)
    {
        _replaceable.Enqueue(producer);
        return producer;
    }
}
