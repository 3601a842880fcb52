using System.Text;
using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Decodes a value as UTF-8 and refuses invalid bytes, instead of silently turning them into U+FFFD as the default
/// deserializer does: such a record is dead-lettered, not stored with a name nobody sent.
/// </summary>
public sealed class StrictUtf8Deserializer : IDeserializer<string?>
{
    public static readonly StrictUtf8Deserializer Instance = new();

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? null : Strict.GetString(data);
}
