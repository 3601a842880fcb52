using StoreAlerts.Gateway.Components;
using StoreAlerts.Gateway.Proxy;

namespace StoreAlerts.Gateway.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();

        builder.AddGatewayProxy();
        builder.AddGatewayUi();
        return builder;
    }
}
