using StoreAlerts.Gateway.Api;

namespace StoreAlerts.Gateway.Stores;

public static class StoresExtensions
{
    /// <summary>The Store service's client for the stores pages (service discovery resolves <c>http://store</c>).</summary>
    public static IHostApplicationBuilder AddStoreClient(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace one.
        builder.Services.AddHttpClient<StoreClient>(http => http.BaseAddress = new Uri("http://store"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options => UiResilience.Configure(options, builder.Configuration.GetSection(UiResilience.Section)));
#pragma warning restore EXTEXP0001
        return builder;
    }
}
