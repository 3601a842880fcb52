using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace StoreAlerts.ServiceDefaults.Tests;

internal static class HostFactory
{
    /// <summary>A host builder with only the given configuration, as a service would build it.</summary>
    public static HostApplicationBuilder Create(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.Services.AddLogging();
        return builder;
    }
}
