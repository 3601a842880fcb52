using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace StoreAlerts.Gateway.IdentityProxy;

/// <summary>
/// The gateway as the only external endpoint (ADR-013): the identity provider the AppHost runs is forwarded under
/// <c>Gateway:IdentityProxy:PathPrefix</c> (<c>/auth</c>), so the browser signs in without leaving the gateway's origin.
/// Its form posts count as writes for the rate limit like any other (one per sign-in; it slows password guessing).
/// </summary>
public static class IdentityProxyExtensions
{
    public static IHostApplicationBuilder AddIdentityProxy(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(IdentityProxyOptions.Section).Get<IdentityProxyOptions>() ?? new IdentityProxyOptions();
        builder.Services.AddSingleton(options);
        if (options.Address is { Length: > 0 })
        {
            // A second configuration source beside the services' routes; YARP merges them.
            builder.Services.AddSingleton<IProxyConfigProvider>(
                new InMemoryConfigProvider(IdentityProxyRoutes.Routes(options), [IdentityProxyRoutes.ClusterOf(options)]));
            builder.Services.AddSingleton<ITransformProvider, ProviderCookies>();
        }

        return builder;
    }

    /// <summary>Below the provider's routes in precedence: a path under the prefix that is not forwarded.</summary>
    public static IEndpointRouteBuilder MapIdentityProxy(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IdentityProxyOptions>();
        if (options.Address is { Length: > 0 })
        {
            app.Map($"{options.PathPrefix.TrimEnd('/')}/{{**path}}", (HttpContext context) => Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "No such route.",
                    detail: $"The gateway does not forward {context.Request.Path}."))
                .ExcludeFromDescription();
        }

        return app;
    }
}
