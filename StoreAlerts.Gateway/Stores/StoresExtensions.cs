using StoreAlerts.Gateway.Api;

namespace StoreAlerts.Gateway.Stores;

public static class StoresExtensions
{
    /// <summary>The Store service's client for the stores pages (service discovery resolves <c>http://store</c>).</summary>
    public static IHostApplicationBuilder AddStoreClient(this IHostApplicationBuilder builder)
    {
        builder.AddUiServiceClient<StoreClient>("store");
        return builder;
    }
}
