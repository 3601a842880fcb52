namespace StoreAlerts.Alert.Consumer;

/// <summary>What the consumer loop reports about itself, read by the health check and the lag gauge.</summary>
public sealed class ConsumerState(TimeProvider time)
{
    private long _lag;
    private long _lastSuccessTicks = time.GetUtcNow().UtcTicks;
    private volatile string? _lastError;
    private volatile Exception? _fatal;

    public long Lag => Interlocked.Read(ref _lag);
    public DateTimeOffset LastSuccess => new(Interlocked.Read(ref _lastSuccessTicks), TimeSpan.Zero);
    public string? LastError => _lastError;
    public Exception? Fatal => _fatal;

    public void Succeeded()
    {
        Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        _lastError = null;
    }

    public void Failed(Exception error) => _lastError = error.Message;
    public void Died(Exception error) => _fatal = error;
    public void SetLag(long value) => Interlocked.Exchange(ref _lag, value);
}
