using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Healthy when a broker answers a metadata request within the timeout.</summary>
internal sealed class KafkaHealthCheck(ClientConfig clientConfig) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(new AdminClientConfig(clientConfig)
    {
        SocketTimeoutMs = (int)Timeout.TotalMilliseconds,
    }).SetLogHandler(static (_, _) => { }).Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.Run(() =>
        {
            try
            {
                var metadata = _admin.Value.GetMetadata(Timeout);
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy()
                    : new HealthCheckResult(context.Registration.FailureStatus, "No Kafka broker answered.");
            }
            catch (KafkaException ex)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, ex.Error.Reason, ex);
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
