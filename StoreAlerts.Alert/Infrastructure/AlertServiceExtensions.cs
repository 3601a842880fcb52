using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Consumer;
using StoreAlerts.Alert.Infrastructure;
using StoreAlerts.Alert.Notifications;

namespace Microsoft.Extensions.Hosting;

public static class AlertServiceExtensions
{
    public static IHostApplicationBuilder AddAlertServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOpenApi();

        // The consumer and the dispatcher own their retry loops; a hidden retrying strategy would only delay them.
        builder.AddNpgsqlDbContext<AlertDbContext>("alertdb", settings => settings.DisableRetry = true);
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());

        builder.AddAlertConsumer();
        builder.AddAlertNotifications();

        builder.AddAlertStream();
        services.AddSingleton<AlertMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(AlertMetrics.MeterName));
        return builder;
    }

    private static void AddAlertConsumer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsumerOptions>()
            .Bind(builder.Configuration.GetSection("Alert:Consumer"))
            .Configure(o => o.Topic = builder.Configuration["Kafka:Topic"] is { Length: > 0 } topic ? topic : o.Topic);
        services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection("Alert:Health"));

        builder.AddKafkaConsumer<string, string>("kafka", settings =>
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
        });
        builder.AddKafkaProducer<string, string>("kafka", settings =>
        {
            settings.Config.EnableIdempotence ??= true;
            settings.Config.Acks ??= Acks.All;
        });

        services.AddSingleton<ConsumerState>();
        services.AddSingleton<AlertBatchWriter>();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddHostedService<AlertConsumer>();
        services.AddHealthChecks().AddCheck<ConsumerHealthCheck>("alert-consumer");
    }

    private static void AddAlertNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AlertOptions.Section);
        services.AddOptions<AlertOptions>()
            .Bind(section)
            .Configure(o => o.DistributionList = ReadAddressList(section.GetSection(nameof(AlertOptions.DistributionList))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        services.AddSingleton(SmtpEndpoint.Parse(builder.Configuration.GetConnectionString("maildev")));
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<AlertEmailBuilder>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DispatcherState>();
        services.AddHostedService<EmailDispatcher>();
        services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");
    }

    /// <summary>"a@x, b@y" in one value, or a configuration array (<c>Alert:DistributionList:0</c>, …).</summary>
    internal static IReadOnlyList<string> ReadAddressList(IConfigurationSection section)
    {
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
    }
}
