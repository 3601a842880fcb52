using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StoreAlerts.Testing;

/// <summary>
/// librdkafka's mock-cluster C API, from the native library Confluent.Kafka already loaded. On Debian that is
/// <c>centos8-librdkafka.so</c>, so the file is found in <c>/proc/self/maps</c> instead of by its plain name.
/// </summary>
internal static partial class LibrdkafkaMock
{
    private const string Library = "librdkafka";

    static LibrdkafkaMock()
    {
        _ = Confluent.Kafka.Library.VersionString; // makes Confluent.Kafka load its native library first
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(file => file is not null && file.Contains("librdkafka") && file.EndsWith(".so", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("librdkafka is not loaded in this process.");
        var handle = NativeLibrary.Load(path);
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaMock).Assembly,
            (name, _, _) => name == Library ? handle : IntPtr.Zero);
    }

    /// <summary>Runs the static constructor (the resolver) before any P/Invoke below is bound.</summary>
    public static void EnsureLoaded() => RuntimeHelpers.RunClassConstructor(typeof(LibrdkafkaMock).TypeHandle);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, IntPtr errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, IntPtr errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    /// <summary>Returns memory the cluster owns: read it, never free it.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);
}
