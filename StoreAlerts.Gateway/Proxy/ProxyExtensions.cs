using Yarp.ReverseProxy.Forwarder;

namespace StoreAlerts.Gateway.Proxy;

public static class ProxyExtensions
{
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Gateway:Proxy");
        builder.Services.Configure<GatewayProxyOptions>(section);
        var options = section.Get<GatewayProxyOptions>() ?? new GatewayProxyOptions();

        builder.Services.AddSingleton<IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(GatewayRoutes.Routes, GatewayRoutes.Clusters(options))
            .AddTransforms(OpenApiServers.Apply)
            .AddTransforms(ServiceLinks.Apply)
            .AddTransforms(AccessTokenTransform.Apply)
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder app)
    {
        app.MapReverseProxy(proxy => proxy.Use(ProxyErrors.WriteProblemDetailsAsync));

        // Below every proxy route in precedence: a service path that is not on the allow-list.
        app.Map("/services/{**path}", (HttpContext context) => Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such route.",
                detail: $"The gateway does not forward {context.Request.Path}."))
            .ExcludeFromDescription();
        return app;
    }
}
