using Confluent.Kafka;
using StoreAlerts.Alert.Telemetry;

namespace StoreAlerts.Alert.Consumer;

public static class ConsumerExtensions
{
    public const string KafkaConnectionName = "kafka";

    /// <summary>The consume loop, its Kafka consumer and dead-letter producer, and the <c>alert-consumer</c> health check.</summary>
    public static IHostApplicationBuilder AddAlertConsumer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsumerOptions>()
            .Bind(builder.Configuration.GetSection("Alert:Consumer"))
            .Configure(o => o.Topic = builder.Configuration["Kafka:Topic"] is { Length: > 0 } topic ? topic : o.Topic);
        services.AddOptions<ConsumerHealthOptions>().Bind(builder.Configuration.GetSection("Alert:Health"));
        services.AddOptions<DeadLetterOptions>().Bind(builder.Configuration.GetSection("Alert:DeadLetter"));

        builder.AddKafkaConsumer<string, string>(KafkaConnectionName, settings =>
        {
            settings.Config.GroupId ??= "alert";
            settings.Config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
            // Not configurable: an offset is stored only once its batch is committed in PostgreSQL, and librdkafka's
            // auto-commit commits exactly what is stored (on its interval, on partition revoke and on Close).
            settings.Config.EnableAutoOffsetStore = false;
            settings.Config.EnableAutoCommit = true;
            // Close() waits up to the session timeout when the broker is gone; librdkafka's 45 s would outlast the
            // host's 30 s shutdown timeout, and disposing a consumer that is still closing crashes the process.
            settings.Config.SessionTimeoutMs ??= 10_000;
        }, (_, consumer) => consumer.SetValueDeserializer(StrictUtf8Deserializer.Instance!));
        builder.AddKafkaProducer<string, string>(KafkaConnectionName, settings =>
        {
            settings.Config.EnableIdempotence ??= true;
            settings.Config.Acks ??= Acks.All;
        });

        services.AddSingleton(sp =>
        {
            var state = new ConsumerState(sp.GetRequiredService<TimeProvider>());
            sp.GetRequiredService<AlertMetrics>().ObserveLag(() => state.PartitionLags.Select(p => (p.Key, p.Value)));
            return state;
        });
        services.AddSingleton<AlertBatchWriter>();
        services.AddSingleton<DataErrorIsolation>();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddHostedService<AlertConsumer>();
        services.AddHealthChecks().AddCheck<ConsumerHealthCheck>("alert-consumer");
        return builder;
    }
}
