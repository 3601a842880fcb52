using System.Diagnostics;

namespace StoreAlerts.Benchmarks;

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>Polls until <paramref name="done"/> holds, or fails after <paramref name="timeout"/> saying what it waited for.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
