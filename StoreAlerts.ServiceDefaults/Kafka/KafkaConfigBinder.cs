using System.ComponentModel;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Binds a <c>Config</c> section onto a librdkafka <see cref="ClientConfig"/>. Keys may be property names
/// (<c>EnableIdempotence</c>) or librdkafka names (<c>enable.idempotence</c>). The configuration binder cannot do
/// this itself because the config classes are also dictionaries (dotnet/runtime#96652).
/// </summary>
internal static class KafkaConfigBinder
{
    public static void Bind(IConfigurationSection section, ClientConfig config)
    {
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null)
            {
                continue;
            }

            if (child.Key.Contains('.'))
            {
                config.Set(child.Key, child.Value);
                continue;
            }

            var property = config.GetType().GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"Unknown Kafka setting '{child.Path}'.");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(config, TypeDescriptor.GetConverter(type).ConvertFromInvariantString(child.Value));
        }
    }
}
