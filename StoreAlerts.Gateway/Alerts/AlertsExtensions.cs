using StoreAlerts.Gateway.Api;

namespace StoreAlerts.Gateway.Alerts;

public static class AlertsExtensions
{
    /// <summary>The Alert service's clients for the alerts page: one for the API, one for the live stream.</summary>
    public static IHostApplicationBuilder AddAlertClient(this IHostApplicationBuilder builder)
    {
        builder.AddUiServiceClient<AlertClient>("alert");
        // The stream stays open for hours; the standard handler's 30 s total timeout would end it.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
        builder.Services.AddHttpClient(AlertClient.StreamClient, http =>
            {
                http.BaseAddress = new Uri("http://alert");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
