namespace StoreAlerts.Alert.Consumer;

/// <summary>What the consumer loop reports about itself, read by the health check and the lag gauge.</summary>
public sealed class ConsumerState(TimeProvider time)
{
    private long _lag;
    private long _held;
    private long _lastSuccessTicks = time.GetUtcNow().UtcTicks;
    private long _lastProgressTicks = time.GetUtcNow().UtcTicks;
    private long _deadLetterFailingSinceTicks;
    private volatile string? _lastError;
    private volatile Exception? _fatal;

    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>Records waiting: behind on the partitions, or read and held while the batch cannot be finished.</summary>
    public long Waiting => Lag + Interlocked.Read(ref _held);

    public DateTimeOffset LastSuccess => new(Interlocked.Read(ref _lastSuccessTicks), TimeSpan.Zero);

    /// <summary>The last time an offset moved, or nothing was waiting.</summary>
    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    /// <summary>Since when the dead-letter topic has refused to be written, if it does.</summary>
    public DateTimeOffset? DeadLetterFailingSince => Interlocked.Read(ref _deadLetterFailingSinceTicks) is var t and > 0 ? new(t, TimeSpan.Zero) : null;

    public string? LastError => _lastError;
    public Exception? Fatal => _fatal;

    public void Succeeded()
    {
        Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        _lastError = null;
    }

    /// <summary>A batch was read and is being stored.</summary>
    public void Holding(int records) => Interlocked.Exchange(ref _held, records);

    /// <summary>A batch's offsets were stored: the consumer moved.</summary>
    public void Progressed()
    {
        Interlocked.Exchange(ref _held, 0);
        Interlocked.Exchange(ref _lastProgressTicks, time.GetUtcNow().UtcTicks);
    }

    /// <summary>A poll found nothing and nothing is behind: not moving is not a stall.</summary>
    public void Idle()
    {
        if (Waiting == 0)
        {
            Interlocked.Exchange(ref _lastProgressTicks, time.GetUtcNow().UtcTicks);
        }
    }

    public void DeadLetterWritten() => Interlocked.Exchange(ref _deadLetterFailingSinceTicks, 0);

    public void DeadLetterFailed(Exception error)
    {
        Interlocked.CompareExchange(ref _deadLetterFailingSinceTicks, time.GetUtcNow().UtcTicks, 0);
        _lastError = error.Message;
    }

    public void Failed(Exception error) => _lastError = error.Message;
    public void Died(Exception error) => _fatal = error;
    public void SetLag(long value) => Interlocked.Exchange(ref _lag, value);

    /// <summary>The lag of each assigned partition, as of the last look (the total is <see cref="Lag"/>).</summary>
    public IReadOnlyDictionary<int, long> PartitionLags { get; private set; } = new Dictionary<int, long>();

    public void SetLag(IReadOnlyDictionary<int, long> partitionLags)
    {
        PartitionLags = partitionLags;
        SetLag(partitionLags.Values.Sum());
    }
}
