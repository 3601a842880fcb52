using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Gateway.Limits;

/// <summary>
/// Per-client write rate limiting (a token bucket per client address; 429 problem with <c>Retry-After</c>) and
/// the body limit of forwarded requests (413 problem before a byte reaches a service), see ADR-007.
/// </summary>
public static class GatewayLimits
{
    public const string ServicesPrefix = "/services";

    public static IHostApplicationBuilder AddGatewayLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GatewayLimitOptions>(builder.Configuration.GetSection(GatewayLimitOptions.Section));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<GatewayLimitOptions>>((rateLimiter, limits) =>
        {
            var options = limits.Value;
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimitedWrite(context.Request)
                ? RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.WriteBurst,
                    TokensPerPeriod = options.WritesPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("reads"));
            rateLimiter.OnRejected = (rejected, cancellationToken) => WriteTooManyRequestsAsync(rejected.HttpContext, rejected.Lease);
        });
        return builder;
    }

    public static WebApplication UseGatewayLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use(LimitForwardedBodyAsync);
        return app;
    }

    /// <summary>
    /// Writes to the services' APIs and the UI's own form posts; the Blazor circuit's transport (<c>/_blazor</c>) is not a
    /// write anyone makes on purpose and must never be refused.
    /// </summary>
    private static bool IsLimitedWrite(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && !request.Path.StartsWithSegments("/_blazor");

    // The gateway is the edge: the connection's address is the client (no proxy in front whose headers could be trusted).
    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task LimitForwardedBodyAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments(ServicesPrefix))
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<GatewayLimitOptions>>().Value.MaxRequestBodySize;
            if (context.Request.ContentLength > limit)
            {
                await TooLarge(limit).ExecuteAsync(context);
                return;
            }

            // A body without a length (chunked) is cut off by the server at the limit; ProxyErrors answers 413 then.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = limit;
            }
        }

        await next();
    }

    public static IResult TooLarge(long limit) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large.",
        detail: $"The gateway forwards request bodies of at most {limit} bytes.");

    private static async ValueTask WriteTooManyRequestsAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many write requests.",
                detail: $"This client sent more writes than the gateway allows; try again in {seconds} s.")
            .ExecuteAsync(context);
    }
}
