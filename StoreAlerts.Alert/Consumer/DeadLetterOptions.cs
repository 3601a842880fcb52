namespace StoreAlerts.Alert.Consumer;

/// <summary>Bound from <c>Alert:DeadLetter</c>.</summary>
public sealed class DeadLetterOptions
{
    /// <summary>How much of the original value a reduced dead letter keeps (UTF-8 bytes), when the full copy cannot be produced.</summary>
    public int ReducedValueBytes { get; set; } = 16 * 1024;
}
