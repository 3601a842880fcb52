using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Healthy when a message can be produced to <c>healthchecks-topic</c> and acknowledged, as the official integration checks.
/// A metadata answer from the bootstrap address is not enough: with a wrong advertised listener the bootstrap answers and
/// every produce after it fails, so the services would start against a broker they cannot use.
/// </summary>
internal sealed class KafkaProduceHealthCheck(Func<string?> bootstrapServers) : IHealthCheck
{
    public const string Topic = "healthchecks-topic";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (bootstrapServers() is not { } servers)
        {
            return HealthCheckResult.Unhealthy("The connection string is not available yet.");
        }

        var config = new ProducerConfig { BootstrapServers = servers, SocketTimeoutMs = 1000, MessageTimeoutMs = 1000, StatisticsIntervalMs = 0 };
        try
        {
            using var producer = new ProducerBuilder<string, string>(config).SetLogHandler((_, _) => { }).Build();
            var result = await producer.ProduceAsync(Topic,
                new Message<string, string> { Key = "healthcheck-key", Value = $"Check Kafka healthy on {DateTime.UtcNow:O}" }, cancellationToken);
            return result.Status == PersistenceStatus.Persisted
                ? HealthCheckResult.Healthy($"Produced to {Topic} partition {result.Partition.Value}.")
                : HealthCheckResult.Unhealthy($"A message to {Topic} was not persisted ({result.Status}).");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy($"Producing to {Topic} failed: {ex.Error.Reason}", ex);
        }
    }
}
