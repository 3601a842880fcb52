using System.Runtime.InteropServices;

namespace StoreAlerts.Testing;

/// <summary>
/// An in-memory Kafka cluster speaking the real wire protocol (librdkafka's mock cluster), on a random loopback
/// port, for as long as this object lives. Brokers can be taken down and up to test outages.
/// Limits worth knowing: each partition keeps only 5 MiB (older messages are silently dropped), and an empty
/// fetch waits the full <c>fetch.wait.max.ms</c>, so consumers here should set <c>FetchWaitMaxMs</c> ≈ 10.
/// </summary>
public sealed class KafkaMockCluster : IAsyncLifetime, IDisposable
{
    private IntPtr _client;
    private IntPtr _cluster;

    public KafkaMockCluster() : this(brokers: 1)
    {
    }

    private KafkaMockCluster(int brokers)
    {
        LibrdkafkaMock.EnsureLoaded();
        var conf = LibrdkafkaMock.rd_kafka_conf_new();
        LibrdkafkaMock.rd_kafka_conf_set(conf, "log_level", "0", IntPtr.Zero, UIntPtr.Zero);
        _client = LibrdkafkaMock.rd_kafka_new(0, conf, IntPtr.Zero, UIntPtr.Zero);
        if (_client == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_new failed.");
        }

        _cluster = LibrdkafkaMock.rd_kafka_mock_cluster_new(_client, brokers);
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        // Consumer groups join in ~0.2 s instead of the broker default of 3 s.
        LibrdkafkaMock.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaMock.rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster has no bootstrap address.");
    }

    public static KafkaMockCluster Start(int brokers = 1) => new(brokers);

    public string BootstrapServers { get; }

    /// <summary>Creates a topic up front (otherwise it is auto-created with 4 partitions on first produce).</summary>
    public void CreateTopic(string topic, int partitions = 4)
        => Check(LibrdkafkaMock.rd_kafka_mock_topic_create(_cluster, topic, partitions, 1), $"create topic {topic}");

    /// <summary>The broker closes its connections and refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId = 1) => Check(LibrdkafkaMock.rd_kafka_mock_broker_set_down(_cluster, brokerId), "set broker down");

    public void SetBrokerUp(int brokerId = 1) => Check(LibrdkafkaMock.rd_kafka_mock_broker_set_up(_cluster, brokerId), "set broker up");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            LibrdkafkaMock.rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_client != IntPtr.Zero)
        {
            LibrdkafkaMock.rd_kafka_destroy(_client);
            _client = IntPtr.Zero;
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"librdkafka mock: {what} failed with error {error}.");
        }
    }
}
