namespace StoreAlerts.Alert.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The service's own meter and activity source, both <c>StoreAlerts.Alert</c>, exported with the defaults' OpenTelemetry.</summary>
    public static IHostApplicationBuilder AddAlertTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AlertMetrics>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(AlertMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(AlertTracing.ActivitySourceName));
        return builder;
    }
}
