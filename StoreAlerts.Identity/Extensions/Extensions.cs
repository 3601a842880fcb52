using StoreAlerts.Identity.Accounts;
using StoreAlerts.Identity.Server;

namespace StoreAlerts.Identity.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddAccounts();
        builder.AddIdentityServer();
        return builder;
    }
}
