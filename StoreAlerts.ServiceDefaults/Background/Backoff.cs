namespace StoreAlerts.ServiceDefaults.Background;

/// <summary>
/// The one retry schedule of every StoreAlerts loop that waits out a failure (the outbox relay, the alert consumer,
/// the database migrator, the email dispatcher, the UI's alert stream): exponential from <see cref="First"/>,
/// capped at <see cref="Max"/>, with ±<see cref="Jitter"/> so that replicas that failed together do not retry together.
/// </summary>
public sealed record Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The fraction by which a delay is spread either way; 0 gives exact delays.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1 for the first).</summary>
    public TimeSpan Delay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var exponential = First.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, Max.TotalMilliseconds);
        var spread = Jitter == 0 ? 1 : 1 - Jitter + (Random.Shared.NextDouble() * 2 * Jitter);
        return TimeSpan.FromMilliseconds(Math.Min(capped * spread, Max.TotalMilliseconds));
    }
}
