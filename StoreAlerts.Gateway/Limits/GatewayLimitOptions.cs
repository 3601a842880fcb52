namespace StoreAlerts.Gateway.Limits;

/// <summary>What one client may send through the gateway, bound from <c>Gateway:Limits</c>.</summary>
public sealed class GatewayLimitOptions
{
    public const string Section = "Gateway:Limits";

    /// <summary>The largest request body forwarded to a service; larger is a 413 problem at the gateway.</summary>
    public long MaxRequestBodySize { get; set; } = 64 * 1024;

    /// <summary>Writes (POST, PUT, PATCH, DELETE) one client may send in a burst.</summary>
    public int WriteBurst { get; set; } = 50;

    /// <summary>Writes one client may send per second once its burst is spent.</summary>
    public int WritesPerSecond { get; set; } = 10;
}
