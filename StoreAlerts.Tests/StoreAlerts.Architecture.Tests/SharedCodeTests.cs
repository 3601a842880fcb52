using NetArchTest.Rules;

namespace StoreAlerts.Architecture.Tests;

/// <summary>Services share no code but ServiceDefaults; ServiceDefaults knows no service.</summary>
public sealed class SharedCodeTests
{
    private static readonly string[] ServiceAssemblyNames =
        ["StoreAlerts.Store", "StoreAlerts.Alert", "StoreAlerts.Gateway", "StoreAlerts.Identity", "StoreAlerts.AppHost"];

    [Theory]
    [MemberData(nameof(Assemblies.ServiceNames), MemberType = typeof(Assemblies))]
    public void Service_references_no_other_StoreAlerts_assembly_than_ServiceDefaults(string service)
    {
        var references = Assemblies.Service(service).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("StoreAlerts.", StringComparison.Ordinal));

        Assert.Equal(["StoreAlerts.ServiceDefaults"], references);
    }

    [Theory]
    [MemberData(nameof(Assemblies.ServiceNames), MemberType = typeof(Assemblies))]
    public void Service_uses_no_type_of_another_service(string service)
    {
        var others = ServiceAssemblyNames.Where(n => n != $"StoreAlerts.{service}").ToArray();

        var result = Types.InAssembly(Assemblies.Service(service)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void ServiceDefaults_references_no_service()
    {
        Assert.DoesNotContain(Assemblies.ServiceDefaults.GetReferencedAssemblies(), a => ServiceAssemblyNames.Contains(a.Name));

        var result = Types.InAssembly(Assemblies.ServiceDefaults).ShouldNot().HaveDependencyOnAny(ServiceAssemblyNames).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    internal static string Describe(NetArchTest.Rules.TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
