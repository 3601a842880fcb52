namespace StoreAlerts.Store.Stores;

public static class StoresExtensions
{
    /// <summary>The stores API's services: its JSON rules and the writes it makes (the repository comes from Persistence).</summary>
    public static IHostApplicationBuilder AddStores(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.Configure<StoreApiOptions>(builder.Configuration.GetSection(StoreApiOptions.Section));
        builder.Services.AddSingleton<StoreWrites>();
        return builder;
    }
}
