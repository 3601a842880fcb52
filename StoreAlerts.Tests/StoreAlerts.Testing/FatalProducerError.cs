using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using StoreAlerts.AppHost.Local;

namespace StoreAlerts.Testing;

/// <summary>
/// Raises a fatal error inside a real librdkafka client with librdkafka's own test hook (<c>rd_kafka_test_fatal_error</c>),
/// as an idempotent producer gets one when the broker reports a sequence it cannot accept: the producer refuses every
/// later message.
/// </summary>
public static class FatalProducerError
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TestFatalError(IntPtr rk, int err, [MarshalAs(UnmanagedType.LPUTF8Str)] string reason);

    private const int ErrOutOfOrderSequenceNumber = 45;

    private static readonly Lazy<TestFatalError> Hook = new(() => Marshal.GetDelegateForFunctionPointer<TestFatalError>(
        NativeLibrary.GetExport(LibrdkafkaMockCluster.LoadedLibrary, "rd_kafka_test_fatal_error")));

    public static void Raise(IClient client, string reason)
    {
        // Confluent.Kafka keeps the rd_kafka_t handle internal; the test reaches it by name.
        var handle = client.Handle;
        var member = (MemberInfo?)handle.GetType().GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? handle.GetType().GetField("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("Confluent.Kafka's Handle no longer has LibrdkafkaHandle.");
        var safeHandle = (SafeHandle)(member is PropertyInfo p ? p.GetValue(handle) : ((FieldInfo)member).GetValue(handle))!;
        if (Hook.Value(safeHandle.DangerousGetHandle(), ErrOutOfOrderSequenceNumber, reason) is var error and not 0)
        {
            throw new InvalidOperationException($"rd_kafka_test_fatal_error refused: error {error}.");
        }
    }
}
