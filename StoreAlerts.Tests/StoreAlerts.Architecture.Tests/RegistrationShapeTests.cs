using System.Reflection;
using Microsoft.Extensions.Hosting;

namespace StoreAlerts.Architecture.Tests;

/// <summary>Every service is wired the same way: <c>Extensions/Extensions.cs</c> with <c>AddApplicationServices</c>.</summary>
public sealed class RegistrationShapeTests
{
    [Theory]
    [MemberData(nameof(Assemblies.ServiceNames), MemberType = typeof(Assemblies))]
    public void Service_registers_its_features_from_Extensions_AddApplicationServices(string service)
    {
        var extensions = Assemblies.Service(service).GetType($"StoreAlerts.{service}.Extensions.Extensions");

        Assert.NotNull(extensions);
        var method = extensions.GetMethod("AddApplicationServices", BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(method);
        Assert.Equal([typeof(IHostApplicationBuilder)], method.GetParameters().Select(p => p.ParameterType));
    }

    [Theory]
    [MemberData(nameof(Assemblies.ServiceNames), MemberType = typeof(Assemblies))]
    public void Feature_registration_methods_live_in_their_feature_folder(string service)
    {
        // An Add… extension on the host builder belongs to the folder (namespace) of the feature it registers,
        // so the only one in Extensions/ is AddApplicationServices, which calls the others.
        var misplaced = Assemblies.Service(service).GetTypes()
            .Where(t => t.Namespace == $"StoreAlerts.{service}.Extensions")
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.Name != "AddApplicationServices")
            .Select(m => m.Name);

        Assert.Empty(misplaced);
    }
}
