using Aspire.Confluent.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Kafka client registration with the method names and configuration keys of Aspire.Confluent.Kafka, so that
/// package can replace this file: <c>ConnectionStrings:{name}</c> gives the bootstrap servers,
/// <c>Aspire:Confluent:Kafka:Producer|Consumer</c> (then <c>…:{name}</c>) the settings and librdkafka <c>Config</c>.
/// </summary>
public static class AspireKafkaExtensions
{
    private const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    private const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";
    private const string LogCategory = "Aspire.Confluent.Kafka";

    public static void AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = new KafkaProducerSettings();
        Bind(builder.Configuration, ProducerSection, connectionName, settings);
        configureSettings?.Invoke(settings);
        UseConnectionString(settings, connectionName);

        builder.Services.AddSingleton(sp => new KafkaProducerFactory<TKey, TValue>(onError =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            var producerBuilder = new ProducerBuilder<TKey, TValue>(settings.Config)
                .SetLogHandler((_, message) => Log(logger, message));
            configureBuilder?.Invoke(sp, producerBuilder);
            if (onError is not null)
            {
                producerBuilder.SetErrorHandler((_, error) => onError(error));
            }

            var producer = producerBuilder.Build();
            return settings.DisableTracing ? producer : new InstrumentedProducer<TKey, TValue>(producer);
        }));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<KafkaProducerFactory<TKey, TValue>>().Create());

        AddTelemetryAndHealth(builder, settings.Config, "Aspire.Confluent.Kafka.Producer", settings.DisableHealthChecks, settings.DisableTracing);
    }

    public static void AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        var settings = new KafkaConsumerSettings();
        Bind(builder.Configuration, ConsumerSection, connectionName, settings);
        configureSettings?.Invoke(settings);
        UseConnectionString(settings, connectionName);

        if (string.IsNullOrWhiteSpace(settings.Config.GroupId))
        {
            throw new InvalidOperationException(
                $"No group id configured for Kafka consumer '{connectionName}': set {ConsumerSection}:Config:GroupId.");
        }

        builder.Services.AddSingleton(sp => new KafkaConsumerFactory<TKey, TValue>(adjust =>
        {
            var config = new ConsumerConfig(settings.Config.ToDictionary(p => p.Key, p => p.Value));
            adjust(config);
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            var consumerBuilder = new ConsumerBuilder<TKey, TValue>(config)
                .SetLogHandler((_, message) => Log(logger, message));
            configureBuilder?.Invoke(sp, consumerBuilder);
            return consumerBuilder.Build();
        }));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<KafkaConsumerFactory<TKey, TValue>>().Create(_ => { }));

        AddTelemetryAndHealth(builder, settings.Config, "Aspire.Confluent.Kafka.Consumer", settings.DisableHealthChecks, settings.DisableTracing);
    }

    private static void Bind(IConfiguration configuration, string sectionName, string connectionName, IKafkaClientSettings settings)
    {
        foreach (var section in new[] { configuration.GetSection(sectionName), configuration.GetSection($"{sectionName}:{connectionName}") })
        {
            settings.ConnectionString = section["ConnectionString"] ?? settings.ConnectionString;
            settings.DisableHealthChecks = section.GetValue("DisableHealthChecks", settings.DisableHealthChecks);
            settings.DisableTracing = section.GetValue("DisableTracing", settings.DisableTracing);
            KafkaConfigBinder.Bind(section.GetSection("Config"), settings.ClientConfig);
        }

        settings.ConnectionString = configuration.GetConnectionString(connectionName) ?? settings.ConnectionString;
    }

    private static void UseConnectionString(IKafkaClientSettings settings, string connectionName)
    {
        var config = settings.ClientConfig;
        config.BootstrapServers = settings.ConnectionString ?? config.BootstrapServers;
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new InvalidOperationException(
                $"No bootstrap servers configured for Kafka client '{connectionName}': set ConnectionStrings:{connectionName}.");
        }
    }

    private static void AddTelemetryAndHealth(IHostApplicationBuilder builder, ClientConfig config, string healthCheckName,
        bool disableHealthChecks, bool disableTracing)
    {
        if (!disableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(KafkaTelemetry.ActivitySourceName));
        }

        // One check per client kind, however many typed clients are registered (the official TryAddHealthCheck guard).
        if (!disableHealthChecks && builder.Properties.TryAdd($"Aspire.HealthChecks.{healthCheckName}", true))
        {
            // One instance for the process: the registration's factory runs on every check.
            var check = new KafkaHealthCheck(new ClientConfig(config.ToDictionary(p => p.Key, p => p.Value)));
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                healthCheckName, _ => check, HealthStatus.Unhealthy, tags: null));
        }
    }

    private static void Log(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "[{Facility}] {Name}: {Message}", message.Facility, message.Name, message.Message);
    }
}
