using Aspire.MongoDB.Driver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MongoDB client registration with the method name and configuration keys of Aspire.MongoDB.Driver, so that
/// package can replace this file. Tracing uses the driver's own <c>MongoDB.Driver</c> activity source.
/// </summary>
public static class AspireMongoDBDriverExtensions
{
    private const string SectionName = "Aspire:MongoDB:Driver";
    private const string ActivitySourceName = "MongoDB.Driver";

    public static void AddMongoDBClient(this IHostApplicationBuilder builder, string connectionName,
        Action<MongoDBSettings>? configureSettings = null,
        Action<MongoClientSettings>? configureClientSettings = null)
    {
        var settings = new MongoDBSettings();
        builder.Configuration.GetSection(SectionName).Bind(settings);
        builder.Configuration.GetSection($"{SectionName}:{connectionName}").Bind(settings);
        settings.ConnectionString = builder.Configuration.GetConnectionString(connectionName) ?? settings.ConnectionString;
        configureSettings?.Invoke(settings);

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No MongoDB connection string configured for '{connectionName}': set ConnectionStrings:{connectionName}.");
        }

        var url = MongoUrl.Create(settings.ConnectionString);
        builder.Services.AddSingleton<IMongoClient>(sp =>
        {
            var clientSettings = MongoClientSettings.FromUrl(url);
            clientSettings.TracingOptions = new() { Disabled = settings.DisableTracing };
            configureClientSettings?.Invoke(clientSettings);
            clientSettings.LoggingSettings ??= new LoggingSettings(sp.GetService<ILoggerFactory>());
            return new MongoClient(clientSettings);
        });

        if (!string.IsNullOrEmpty(url.DatabaseName))
        {
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(ActivitySourceName));
        }

        if (!settings.DisableHealthChecks)
        {
            var timeout = TimeSpan.FromMilliseconds(settings.HealthCheckTimeout ?? 5000);
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("MongoDB.Driver",
                sp => new MongoDBHealthCheck(sp.GetRequiredService<IMongoClient>(), url.DatabaseName, timeout),
                HealthStatus.Unhealthy, tags: null));
        }
    }
}
