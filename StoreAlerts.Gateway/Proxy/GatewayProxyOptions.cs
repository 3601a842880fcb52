namespace StoreAlerts.Gateway.Proxy;

/// <summary>Timeouts of the forwarded calls, bound from <c>Gateway:Proxy</c>.</summary>
public sealed class GatewayProxyOptions
{
    /// <summary>How long a connection attempt to a service may take before the caller gets a 502.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a forwarded call may be silent (no headers, no body bytes) before it is a 504.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for the alert stream, which is silent until an alert arrives.</summary>
    public TimeSpan StreamActivityTimeout { get; set; } = TimeSpan.FromHours(12);
}
