namespace StoreAlerts.Alert.Consumer;

/// <summary>What the consumer loop reports about itself, read by the health check and the lag gauge.</summary>
public sealed class ConsumerState(TimeProvider time)
{
    private long lag;
    private long lastSuccessTicks = time.GetUtcNow().UtcTicks;
    private volatile string? lastError;
    private volatile Exception? fatal;

    public long Lag => Interlocked.Read(ref lag);
    public DateTimeOffset LastSuccess => new(Interlocked.Read(ref lastSuccessTicks), TimeSpan.Zero);
    public string? LastError => lastError;
    public Exception? Fatal => fatal;

    public void Succeeded()
    {
        Interlocked.Exchange(ref lastSuccessTicks, time.GetUtcNow().UtcTicks);
        lastError = null;
    }

    public void Failed(Exception error) => lastError = error.Message;
    public void Died(Exception error) => fatal = error;
    public void SetLag(long value) => Interlocked.Exchange(ref lag, value);
}
