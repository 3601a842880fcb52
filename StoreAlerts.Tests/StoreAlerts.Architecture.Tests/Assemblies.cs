using System.Reflection;

namespace StoreAlerts.Architecture.Tests;

/// <summary>The product assemblies under test, found through a type each is sure to keep.</summary>
public static class Assemblies
{
    public static readonly Assembly ServiceDefaults = typeof(StoreAlerts.ServiceDefaults.Background.Backoff).Assembly;
    public static readonly Assembly Store = typeof(StoreAlerts.Store.Extensions.Extensions).Assembly;
    public static readonly Assembly Alert = typeof(StoreAlerts.Alert.Extensions.Extensions).Assembly;
    public static readonly Assembly Gateway = typeof(StoreAlerts.Gateway.Extensions.Extensions).Assembly;
    public static readonly Assembly Identity = typeof(StoreAlerts.Identity.Extensions.Extensions).Assembly;

    public static readonly TheoryData<string> ServiceNames = new("Store", "Alert", "Gateway", "Identity");

    public static Assembly Service(string name) => name switch
    {
        "Store" => Store,
        "Alert" => Alert,
        "Gateway" => Gateway,
        "Identity" => Identity,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a StoreAlerts service."),
    };
}
