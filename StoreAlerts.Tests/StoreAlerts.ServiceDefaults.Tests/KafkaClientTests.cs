using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StoreAlerts.Testing;

namespace StoreAlerts.ServiceDefaults.Tests;

public sealed class KafkaClientTests : IDisposable
{
    private readonly KafkaMockCluster _cluster = KafkaMockCluster.Start();
    private readonly string _topic = $"test-{Guid.NewGuid():N}";

    [Fact]
    public async Task Produced_message_is_consumed_with_its_trace_context()
    {
        var builder = HostFactory.Create(
            ("ConnectionStrings:kafka", _cluster.BootstrapServers),
            ("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "proof"),
            ("Aspire:Confluent:Kafka:Consumer:Config:AutoOffsetReset", "Earliest"),
            ("Aspire:Confluent:Kafka:Consumer:Config:FetchWaitMaxMs", "10"));
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();
        var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();

        using var source = new ActivitySource("proof");
        using var listener = ListenTo("proof", KafkaTelemetry.ActivitySourceName);
        ActivityTraceId traceId;
        using (var request = source.StartActivity("request"))
        {
            traceId = request!.TraceId;
            await producer.ProduceAsync(_topic, new Message<string, string> { Key = "k1", Value = "hello" }, TestContext.Current.CancellationToken);
        }

        consumer.Subscribe(_topic);
        var result = ConsumeOne(consumer);

        Assert.Equal(("k1", "hello"), (result.Message.Key, result.Message.Value));
        var context = result.Message.Headers.ExtractTraceContext();
        Assert.Equal(traceId, context.TraceId);
        Assert.True(result.Message.Headers.TryGetLastBytes("traceparent", out _));
    }

    [Fact]
    public void Producer_settings_come_from_the_official_configuration_section()
    {
        var builder = HostFactory.Create(
            ("ConnectionStrings:kafka", _cluster.BootstrapServers),
            ("Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence", "true"),
            ("Aspire:Confluent:Kafka:Producer:Config:linger.ms", "7"));
        Aspire.Confluent.Kafka.KafkaProducerSettings? seen = null;
        builder.AddKafkaProducer<string, string>("kafka", s => seen = s);

        Assert.NotNull(seen);
        Assert.Equal(_cluster.BootstrapServers, seen.ConnectionString);
        Assert.True(seen.Config.EnableIdempotence);
        Assert.Equal("7", seen.Config.Get("linger.ms"));
    }

    [Fact]
    public void Missing_connection_string_names_the_setting()
    {
        var builder = HostFactory.Create();
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKafkaProducer<string, string>("kafka"));
        Assert.Contains("ConnectionStrings:kafka", error.Message);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_while_the_broker_is_down()
    {
        var builder = HostFactory.Create(("ConnectionStrings:kafka", _cluster.BootstrapServers));
        builder.AddKafkaProducer<string, string>("kafka");
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);

        _cluster.SetBrokerDown();
        var down = await health.CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, down.Entries["Aspire.Confluent.Kafka.Producer"].Status);

        _cluster.SetBrokerUp();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);
    }

    private static ConsumeResult<string, string> ConsumeOne(IConsumer<string, string> consumer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
                {
                    return result;
                }
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // The topic may not be known to the consumer yet.
            }
        }

        throw new TimeoutException("No message consumed within 30 s.");
    }

    private static ActivityListener ListenTo(params string[] sources)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => sources.Contains(s.Name),
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public void Dispose() => _cluster.Dispose();
}
