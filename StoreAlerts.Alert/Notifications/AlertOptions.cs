namespace StoreAlerts.Alert.Notifications;

/// <summary>Bound from the <c>Alert</c> section; validated at start-up by <see cref="AlertOptionsValidator"/>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alert";

    /// <summary>Who receives every alert: <c>Alert:DistributionList</c> as "a@x, b@y" or as a configuration array.</summary>
    public IReadOnlyList<string> DistributionList { get; set; } = [];

    public string From { get; set; } = "";

    /// <summary>Where the email's link to the store points: <c>{GatewayBaseUrl}/stores/{id}</c>.</summary>
    public string? GatewayBaseUrl { get; set; }

    public EmailOptions Email { get; set; } = new();
}

public sealed class EmailOptions
{
    /// <summary>Attempts before a row is marked Failed (each 4xx or mid-send I/O error is one).</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    public int BatchSize { get; set; } = 50;

    /// <summary>Fallback poll when nothing wakes the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
