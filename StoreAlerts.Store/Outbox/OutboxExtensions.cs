using Confluent.Kafka;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Store.Outbox;

public static class OutboxExtensions
{
    public const string KafkaConnectionName = "kafka";

    /// <summary>The relay that publishes pending events to Kafka, its wake-up signal, its producer, its metrics and its health check.</summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.Configure<OutboxOptions>(options =>
            options.Topic = builder.Configuration["Kafka:Topic"] is { Length: > 0 } topic ? topic : options.Topic);
        builder.Services.AddSingleton<WakeUpSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(OutboxMetrics.MeterName));
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");

        builder.AddKafkaProducer<string, string>(KafkaConnectionName, settings =>
        {
            // The outbox's guarantees rest on these two: no duplicates or reordering from retries, and no loss on a leader change.
            settings.Config.EnableIdempotence = true;
            settings.Config.Acks = Acks.All;
            // 0 = never give up locally: during an outage librdkafka keeps the events queued, in order, until the broker is back.
            settings.Config.MessageTimeoutMs ??= 0;
        });
        return builder;
    }
}
