using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>
/// The services write links to their own paths (<c>Link: &lt;/api/stores?page=1&gt;</c>, <c>Location: /api/stores/{id}</c>).
/// Through the gateway those paths are under <c>/services/{app}</c>, so the links are rewritten to stay followable.
/// </summary>
public static class ServiceLinks
{
    public static void Apply(TransformBuilderContext context)
    {
        if (!context.Route.RouteId.EndsWith("-api", StringComparison.Ordinal))
        {
            return;
        }

        var prefix = GatewayRoutes.PrefixOf(context.Route);
        context.AddResponseTransform(transform =>
        {
            var headers = transform.HttpContext.Response.Headers;
            if (headers.Link.Count > 0)
            {
                headers.Link = headers.Link.ToString().Replace("</api/", $"<{prefix}/api/", StringComparison.Ordinal);
            }

            if (headers.Location.ToString() is { } location && location.StartsWith("/api/", StringComparison.Ordinal))
            {
                headers.Location = prefix + location;
            }

            return ValueTask.CompletedTask;
        });
    }
}
