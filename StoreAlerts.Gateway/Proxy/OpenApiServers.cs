using System.Text.Json.Nodes;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>
/// A service's OpenAPI document names the service's own address as its server. Served through the gateway,
/// it names the gateway prefix instead, so "try it" in the API reference goes through the gateway too.
/// </summary>
public static class OpenApiServers
{
    public static void Apply(TransformBuilderContext context)
    {
        if (!context.Route.RouteId.EndsWith("-openapi", StringComparison.Ordinal))
        {
            return;
        }

        var prefix = GatewayRoutes.PrefixOf(context.Route);
        // The body is rewritten, so it must arrive uncompressed.
        context.AddRequestHeaderRemove("Accept-Encoding");
        context.AddResponseTransform(async transform =>
        {
            if (transform.ProxyResponse is not { IsSuccessStatusCode: true } response)
            {
                return;
            }

            var original = await response.Content.ReadAsByteArrayAsync(transform.HttpContext.RequestAborted);
            var rewritten = Rewrite(original, prefix);
            transform.SuppressResponseBody = true;
            transform.HttpContext.Response.ContentLength = rewritten.Length;
            await transform.HttpContext.Response.Body.WriteAsync(rewritten, transform.HttpContext.RequestAborted);
        });
    }

    public static byte[] Rewrite(byte[] document, string serverUrl)
    {
        try
        {
            if (JsonNode.Parse(document) is JsonObject root)
            {
                root["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl });
                return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON after all: pass it on untouched.
        }

        return document;
    }
}
