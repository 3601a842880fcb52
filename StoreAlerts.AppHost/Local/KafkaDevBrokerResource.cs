using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Local;

/// <summary>
/// An in-memory Kafka broker hosted inside the AppHost process (librdkafka's mock cluster): the real Kafka wire
/// protocol without a JVM or a container. Topics and messages live in memory and are lost when the AppHost stops.
/// </summary>
public sealed class KafkaDevBrokerResource(string name) : Resource(name), IResourceWithConnectionString
{
    private readonly TaskCompletionSource<string> _bootstrapServers = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{new BootstrapServers(this)}");

    internal void SetBootstrapServers(string servers) => _bootstrapServers.TrySetResult(servers);

    private sealed class BootstrapServers(KafkaDevBrokerResource broker) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{broker.Name}.connectionString}}";

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            await broker._bootstrapServers.Task.WaitAsync(cancellationToken);
    }
}
