using StoreAlerts.Gateway.Alerts;
using StoreAlerts.Gateway.Components;
using StoreAlerts.Gateway.IdentityProxy;
using StoreAlerts.Gateway.Limits;
using StoreAlerts.Gateway.Proxy;
using StoreAlerts.Gateway.SignIn;
using StoreAlerts.Gateway.Stores;

namespace StoreAlerts.Gateway.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();

        builder.AddGatewayLimits();
        builder.AddGatewaySignIn();
        builder.AddGatewayProxy();
        builder.AddIdentityProxy();
        builder.AddGatewayUi();
        builder.AddStoreClient();
        builder.AddAlertClient();
        return builder;
    }
}
