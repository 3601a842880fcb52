using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>Healthy when the brokers answer a metadata request over the advertised address (what clients use).</summary>
internal sealed class KafkaMetadataHealthCheck(Func<string?> bootstrapServers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (bootstrapServers() is not { } servers)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The connection string is not available yet."));
        }

        return Task.Run(() =>
        {
            try
            {
                using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers, SocketTimeoutMs = 2000 })
                    .SetLogHandler((_, _) => { })
                    .Build();
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(2));
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)")
                    : HealthCheckResult.Unhealthy("No broker in the metadata.");
            }
            catch (KafkaException ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }, cancellationToken);
    }
}
