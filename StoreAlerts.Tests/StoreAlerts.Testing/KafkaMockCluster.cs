using StoreAlerts.AppHost.Local;

namespace StoreAlerts.Testing;

/// <summary>
/// An in-memory Kafka cluster speaking the real wire protocol (librdkafka's mock cluster, the same code that backs the
/// AppHost's local-mode broker), on a random loopback port, for as long as this object lives. Brokers can be taken
/// down and up to test outages; consumer groups join without the broker's 3 s initial rebalance delay.
/// Limits worth knowing: each partition keeps only 5 MiB (older messages are silently dropped), and an empty
/// fetch waits the full <c>fetch.wait.max.ms</c>, so consumers here should set <c>FetchWaitMaxMs</c> ≈ 10.
/// </summary>
public sealed class KafkaMockCluster : IAsyncLifetime, IDisposable
{
    private readonly LibrdkafkaMockCluster _cluster;

    public KafkaMockCluster() : this(brokers: 1)
    {
    }

    private KafkaMockCluster(int brokers)
    {
        _cluster = LibrdkafkaMockCluster.TryStart(brokers)
            ?? throw new InvalidOperationException("librdkafka's mock cluster C API is not reachable here (Linux only).");
    }

    public static KafkaMockCluster Start(int brokers = 1) => new(brokers);

    public string BootstrapServers => _cluster.BootstrapServers;

    public void CreateTopic(string topic, int partitions = 4) => _cluster.CreateTopic(topic, partitions);

    public void SetBrokerDown(int brokerId = 1) => _cluster.SetBrokerDown(brokerId);

    public void SetBrokerUp(int brokerId = 1) => _cluster.SetBrokerUp(brokerId);

    public void SetPartitionLeader(string topic, int partition, int brokerId) => _cluster.SetPartitionLeader(topic, partition, brokerId);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cluster.Dispose();
}
