using System.Runtime.InteropServices;

namespace StoreAlerts.AppHost.Local;

/// <summary>
/// librdkafka's mock cluster through its C API, which (unlike <c>test.mock.num.brokers</c>) lets us drop the 3 s
/// initial rebalance delay, so the Alert consumer joins its group at once. Linux only: the library Confluent.Kafka
/// loaded (on Debian <c>centos8-librdkafka.so</c>) is found in <c>/proc/self/maps</c>.
/// The test harness compiles this same file to create topics and take brokers down and up.
/// </summary>
internal sealed class LibrdkafkaMockCluster : IDisposable
{
    private const string Library = "librdkafka-loaded-by-confluent";
    private static readonly Lazy<IntPtr> Loaded = new(ResolveLoadedLibrary);
    private IntPtr _client;
    private IntPtr _cluster;

    private LibrdkafkaMockCluster(IntPtr client, IntPtr cluster, string bootstrapServers)
    {
        (_client, _cluster, BootstrapServers) = (client, cluster, bootstrapServers);
    }

    public string BootstrapServers { get; }

    /// <returns>The cluster, or null where the C API cannot be reached (then use <c>test.mock.num.brokers</c>).</returns>
    public static LibrdkafkaMockCluster? TryStart(int brokers = 1)
    {
        if (!OperatingSystem.IsLinux() || LoadedLibrary == IntPtr.Zero)
        {
            return null;
        }

        var conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", IntPtr.Zero, UIntPtr.Zero);
        var client = rd_kafka_new(0, conf, IntPtr.Zero, UIntPtr.Zero);
        var cluster = client == IntPtr.Zero ? IntPtr.Zero : rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            if (client != IntPtr.Zero)
            {
                rd_kafka_destroy(client);
            }

            return null;
        }

        rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        // The cluster owns the returned string: read it, never free it.
        var bootstrap = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))!;
        return new LibrdkafkaMockCluster(client, cluster, bootstrap);
    }

    /// <summary>Creates a topic up front (otherwise it is auto-created with 4 partitions on first produce).</summary>
    public void CreateTopic(string topic, int partitions) =>
        Check(rd_kafka_mock_topic_create(_cluster, topic, partitions, 1), $"create topic {topic}");

    /// <summary>The broker closes its connections and refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), "set broker down");

    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), "set broker up");

    /// <summary>Moves a partition's leadership to a broker (which may be down): metadata then points clients there.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId), $"set leader of {topic}[{partition}]");

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"librdkafka mock: {what} failed with error {error}.");
        }
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_client != IntPtr.Zero)
        {
            rd_kafka_destroy(_client);
            _client = IntPtr.Zero;
        }
    }

    /// <summary>The native library Confluent.Kafka loaded, for calls into its C API; zero where it cannot be found.</summary>
    public static IntPtr LoadedLibrary => Loaded.Value;

    private static IntPtr ResolveLoadedLibrary()
    {
        _ = Confluent.Kafka.Library.VersionString; // makes Confluent.Kafka load its native library
        var path = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(file => file is not null && file.Contains("librdkafka") && file.EndsWith(".so", StringComparison.Ordinal))
            : null;
        if (path is null || !NativeLibrary.TryLoad(path, out var handle))
        {
            return IntPtr.Zero;
        }

        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaMockCluster).Assembly, (name, _, _) => name == Library ? handle : IntPtr.Zero);
        return handle;
    }

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library)]
    private static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, IntPtr errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, IntPtr errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    private static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_topic_create(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_partition_set_leader(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, int brokerId);
}
