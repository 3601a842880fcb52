using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>
/// The allow-list: only these paths are forwarded, each to the service's own path without the
/// <c>/services/{app}</c> prefix (the JHipster gateway's convention). Anything else under
/// <c>/services</c> is not a route and so is a 404 at the gateway.
/// </summary>
public static class GatewayRoutes
{
    public const string StoreCluster = "store";
    public const string AlertCluster = "alert";
    public const string AlertStreamCluster = "alert-stream";

    public static IReadOnlyList<RouteConfig> Routes { get; } =
    [
        Forward("store-api", StoreCluster, "/services/store/api/stores/{**rest}", "/api/stores/{**rest}"),
        Forward("store-openapi", StoreCluster, "/services/store/openapi/v1.json", "/openapi/v1.json"),
        Forward("alert-stream", AlertStreamCluster, "/services/alert/api/store-alerts/stream", "/api/store-alerts/stream", order: -1),
        Forward("alert-api", AlertCluster, "/services/alert/api/store-alerts/{**rest}", "/api/store-alerts/{**rest}"),
        Forward("alert-openapi", AlertCluster, "/services/alert/openapi/v1.json", "/openapi/v1.json"),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayProxyOptions options) =>
    [
        Cluster(StoreCluster, "http://store", options.ActivityTimeout),
        Cluster(AlertCluster, "http://alert", options.ActivityTimeout),
        // Server-sent events are quiet between alerts; the usual activity timeout would cut the stream.
        Cluster(AlertStreamCluster, "http://alert", options.StreamActivityTimeout),
    ];

    /// <summary>The service a route forwards to: cluster ids are the service name, optionally with a suffix ("alert-stream").</summary>
    public static string ServiceOf(RouteConfig route) => route.ClusterId!.Split('-')[0];

    /// <summary>Where a service's paths live at the gateway.</summary>
    public static string PrefixOf(RouteConfig route) => $"/services/{ServiceOf(route)}";

    private static RouteConfig Forward(string id, string cluster, string path, string pattern, int? order = null) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Order = order,
        Match = new RouteMatch { Path = path },
        Transforms = [new Dictionary<string, string> { ["PathPattern"] = pattern }],
    };

    private static ClusterConfig Cluster(string id, string address, TimeSpan activityTimeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { [id] = new() { Address = address } },
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = activityTimeout },
    };
}
