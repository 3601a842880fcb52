using Scalar.AspNetCore;

namespace StoreAlerts.Gateway.ApiDocs;

public static class ApiDocsExtensions
{
    /// <summary>One API reference at <c>/api-docs</c> for both services, reading their documents through the gateway routes.</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/api-docs", options => options
            .WithTitle("StoreAlerts API")
            // Nothing here may need the internet: no telemetry, no web fonts, no hosted AI or SDK services.
            .DisableTelemetry()
            .DisableDefaultFonts()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .AddDocument("store", "Store service", "/services/store/openapi/v1.json", isDefault: true)
            .AddDocument("alert", "Alert service", "/services/alert/openapi/v1.json"));
        return app;
    }
}
