using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>Turns YARP's bare 502/503/504 into a problem-details body that names the service.</summary>
public static class ProxyErrors
{
    private static bool IsBodyTooLarge(Exception exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || (exception.InnerException is { } inner && IsBodyTooLarge(inner));

    public static async Task WriteProblemDetailsAsync(HttpContext context, Func<Task> next)
    {
        // A service's own status codes pass through as they are, never replaced by the UI's error pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        await next();

        // YARP has already chosen the status (502 unreachable, 503 no destination, 504 timed out); client-side
        // failures (4xx, an aborted request) are left as they are.
        var error = context.GetForwarderErrorFeature();
        if (error?.Exception is { } exception && IsBodyTooLarge(exception) && !context.Response.HasStarted)
        {
            // A body without a length ran past the gateway's limit while it was being forwarded (see GatewayLimits).
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
            context.Response.Clear();
            await Limits.GatewayLimits.TooLarge(limit).ExecuteAsync(context);
            return;
        }

        var status = context.Response.StatusCode;
        if (error is null || status < 500 || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var service = context.Features.Get<IReverseProxyFeature>()?.Route.Config is { } route ? GatewayRoutes.ServiceOf(route) : "upstream";
        var title = status switch
        {
            StatusCodes.Status504GatewayTimeout => $"The {service} service did not answer in time.",
            StatusCodes.Status503ServiceUnavailable => $"The {service} service is unavailable.",
            _ => $"The {service} service could not be reached.",
        };
        await Results.Problem(
                statusCode: status,
                title: title,
                detail: $"The gateway could not forward {context.Request.Method} {context.Request.Path} ({error.Error}).",
                extensions: new Dictionary<string, object?> { ["service"] = service })
            .ExecuteAsync(context);
    }
}

