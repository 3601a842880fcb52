using System.Text.Json;

namespace StoreAlerts.Gateway.Api;

public static class ApiJson
{
    /// <summary>camelCase, as both services write.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
