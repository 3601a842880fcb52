using Microsoft.AspNetCore.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>Turns YARP's bare 502/503/504 into a problem-details body that names the service.</summary>
public static class ProxyErrors
{
    public static async Task WriteProblemDetailsAsync(HttpContext context, Func<Task> next)
    {
        // A service's own status codes pass through as they are, never replaced by the UI's error pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        // Cluster ids are the service name, optionally with a suffix ("alert-stream").
        var service = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId.Split('-')[0] ?? "upstream";
        var (status, title) = error.Error switch
        {
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, $"The {service} service did not answer in time."),
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, $"The {service} service is unavailable."),
            _ when context.Response.StatusCode >= 500 => (context.Response.StatusCode, $"The {service} service could not be reached."),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return;
        }

        await Results.Problem(
                statusCode: status,
                title: title,
                detail: $"The gateway could not forward {context.Request.Method} {context.Request.Path} ({error.Error}).",
                extensions: new Dictionary<string, object?> { ["service"] = service })
            .ExecuteAsync(context);
    }
}

