using System.Collections.Concurrent;
using System.Net;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StoreAlerts.Store.Tests.Hosting;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Outbox;

/// <summary>
/// An idempotent producer that hit a fatal error refuses every later message. The relay must replace it, not back off
/// on a dead one forever. The fatal error is raised inside the real librdkafka with its own test hook
/// (<c>rd_kafka_test_fatal_error</c>), on the very producer the relay uses.
/// </summary>
public sealed class FatalProducerErrorTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ConcurrentQueue<IProducer<string, string>> _producers = new();
    private readonly StoreApp _app;

    public FatalProducerErrorTests() => _app = new StoreApp { ConfigureServices = RecordProducers };

    [Fact]
    public async Task After_a_fatal_producer_error_the_relay_builds_a_new_producer_and_delivers_in_order()
    {
        using var client = _app.CreateStoreClient();
        var id = (await client.CreateAsync("Fatal")).GetProperty("id").GetString()!;
        using (var first = await client.PatchAsync(id, new { name = "Before fatal" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var reader = _app.ReadTopic();
        Assert.Single(reader.Read([id], expected: 1, TimeSpan.FromSeconds(30)));

        var before = _producers.Count;
        foreach (var producer in _producers)
        {
            FatalProducerError.Raise(producer, "raised by the test");
        }

        for (var i = 1; i <= 3; i++)
        {
            using var response = await client.PatchAsync(id, new { name = $"After fatal {i}" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var messages = reader.Read([id], expected: 4, TimeSpan.FromSeconds(60), quietPeriod: TimeSpan.FromSeconds(1));
        Assert.Equal(["Before fatal", "After fatal 1", "After fatal 2", "After fatal 3"],
            messages.Select(m => m.Payload().GetProperty("storeName").GetString()));
        Assert.True(_producers.Count > before, "the relay kept its dead producer");
    }

    /// <summary>Every producer the service builds is also kept here, so the test can reach the one the relay holds.</summary>
    private void RecordProducers(IServiceCollection services) =>
        services.Decorate<KafkaProducerFactory<string, string>>(inner => new(onError =>
        {
            var producer = onError is null ? inner.Create() : inner.Create(onError);
            _producers.Enqueue(producer);
            return producer;
        }));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
