using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Extensions;

public static class Extensions
{
    public const string KafkaConnectionName = "kafka";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddStoreDatabase();
        builder.Services.Configure<StoreApiOptions>(builder.Configuration.GetSection(StoreApiOptions.Section));
        builder.Services.AddSingleton<StoreWrites>();
        builder.AddOutbox();
        return builder;
    }

    private static void AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.Configure<OutboxOptions>(options =>
            options.Topic = builder.Configuration["Kafka:Topic"] is { Length: > 0 } topic ? topic : options.Topic);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");

        builder.AddKafkaProducer<string, string>(KafkaConnectionName, settings =>
        {
            // The outbox's guarantees rest on these two: no duplicates or reordering from retries, and no loss on a leader change.
            settings.Config.EnableIdempotence = true;
            settings.Config.Acks = Acks.All;
            // 0 = never give up locally: during an outage librdkafka keeps the events queued, in order, until the broker is back.
            settings.Config.MessageTimeoutMs ??= 0;
        });
    }
}
