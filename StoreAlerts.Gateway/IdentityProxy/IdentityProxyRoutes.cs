using Yarp.ReverseProxy.Configuration;

namespace StoreAlerts.Gateway.IdentityProxy;

/// <summary>One route per public path of the provider, each forwarded as it is (prefix kept) to the provider's address.</summary>
public static class IdentityProxyRoutes
{
    public const string Cluster = "identity";

    public static IReadOnlyList<RouteConfig> Routes(IdentityProxyOptions options)
    {
        var prefix = options.PathPrefix.TrimEnd('/');
        var paths = options.Paths.Length > 0 ? options.Paths : [""];
        return [.. paths.Select(path => new RouteConfig
        {
            RouteId = path.Length > 0 ? $"{Cluster}-{path.Trim('/')}" : Cluster,
            ClusterId = Cluster,
            Match = new RouteMatch { Path = path.Length > 0 ? $"{prefix}/{path.Trim('/')}/{{**rest}}" : $"{prefix}/{{**rest}}" },
        })];
    }

    public static ClusterConfig ClusterOf(IdentityProxyOptions options) => new()
    {
        ClusterId = Cluster,
        Destinations = new Dictionary<string, DestinationConfig> { [Cluster] = new() { Address = options.Address! } },
    };
}
