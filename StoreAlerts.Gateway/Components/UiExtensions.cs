using StoreAlerts.Gateway.Alerts;
using StoreAlerts.Gateway.Api;
using StoreAlerts.Gateway.Stores;

namespace StoreAlerts.Gateway.Components;

public static class UiExtensions
{
    public static IHostApplicationBuilder AddGatewayUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<UiLinks>(builder.Configuration.GetSection(UiLinks.Section));

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
        var resilience = builder.Configuration.GetSection("Gateway:Ui:Resilience");
        builder.Services.AddHttpClient<StoreClient>(http => http.BaseAddress = new Uri("http://store"))
            .RemoveAllResilienceHandlers().AddStandardResilienceHandler(options => UiResilience.Configure(options, resilience));
        builder.Services.AddHttpClient<AlertClient>(http => http.BaseAddress = new Uri("http://alert"))
            .RemoveAllResilienceHandlers().AddStandardResilienceHandler(options => UiResilience.Configure(options, resilience));
        // The stream stays open for hours; the standard handler's 30 s total timeout would end it.
        builder.Services.AddHttpClient(AlertClient.StreamClient, http =>
            {
                http.BaseAddress = new Uri("http://alert");
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }

    public static WebApplication UseGatewayUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapGatewayUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
