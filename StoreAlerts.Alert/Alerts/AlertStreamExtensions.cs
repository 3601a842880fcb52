namespace StoreAlerts.Alert.Alerts;

public static class AlertStreamExtensions
{
    /// <summary>The live stream's broadcaster and its limits (<c>Alert:Stream</c>).</summary>
    public static IHostApplicationBuilder AddAlertStream(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertStreamOptions>().Bind(builder.Configuration.GetSection(AlertStreamOptions.Section));
        builder.Services.AddSingleton<AlertBroadcaster>();
        return builder;
    }
}
