using System.Reflection;
using NetArchTest.Rules;

namespace StoreAlerts.Architecture.Tests;

/// <summary>
/// Which feature folders of a service may use which. A folder is a namespace; <c>Extensions/</c> is the composition
/// root, which may use every folder and which no folder uses.
/// </summary>
public sealed class FolderDependencyTests
{
    public static readonly TheoryData<string, string, string[]> Rules = new()
    {
        // The relay sees only IOutboxStore; the event and the documents belong to Stores/ and Persistence/.
        { "Store", "Outbox", ["Stores", "Persistence", "Extensions"] },
        { "Store", "Stores", ["Persistence", "Extensions"] },
        { "Store", "Persistence", ["Extensions"] },
        // The alert (entity, table, API) knows nothing of how it arrived or how it is emailed.
        { "Alert", "Alerts", ["Consumer", "Notifications", "Telemetry", "Operations", "Extensions"] },
        { "Alert", "Consumer", ["Notifications", "Operations", "Extensions"] },
        { "Alert", "Notifications", ["Consumer", "Operations", "Extensions"] },
        { "Alert", "Telemetry", ["Alerts", "Consumer", "Notifications", "Extensions"] },
        // Operator commands act on every feature; no feature acts through them.
        { "Alert", "Operations", ["Extensions"] },
        // The UI's service clients share Api/; the proxy is independent of the UI.
        { "Gateway", "Api", ["Stores", "Alerts", "Components", "Proxy", "Extensions"] },
        { "Gateway", "Stores", ["Alerts", "Proxy", "Extensions"] },
        { "Gateway", "Alerts", ["Stores", "Proxy", "Extensions"] },
        { "Gateway", "Proxy", ["Api", "Stores", "Alerts", "Components", "Extensions"] },
        // Rate and body limits stand in front of everything and know none of it.
        { "Gateway", "Limits", ["Api", "Stores", "Alerts", "Components", "Proxy", "Extensions"] },
        { "Gateway", "ApiDocs", ["Api", "Stores", "Alerts", "Components", "Proxy", "Extensions"] },
        // The layout and shared widgets serve every page; the pages come to them, not the other way.
        { "Gateway", "Components", ["Stores", "Alerts", "Proxy", "Extensions"] },
        // Sign-in holds the users' tokens; the UI clients (Api/) and the proxy ask it for them, never the other way.
        { "Gateway", "SignIn", ["Api", "Stores", "Alerts", "Components", "Proxy", "Limits", "ApiDocs", "Security", "Extensions"] },
        // The provider's users and sign-in form know nothing of OpenID Connect; the endpoints ask them who is who.
        { "Identity", "Accounts", ["Server", "Extensions"] },
        { "Identity", "Server", ["Extensions"] },
        // The provider behind the gateway knows nothing of the UI, the services or the user's tokens.
        { "Gateway", "IdentityProxy", ["Api", "Stores", "Alerts", "Components", "Proxy", "Limits", "ApiDocs", "SignIn", "Security", "Extensions"] },
        { "Gateway", "Security", ["Api", "Stores", "Alerts", "Components", "Proxy", "Limits", "ApiDocs", "SignIn", "Extensions"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Folder_does_not_use_the_folders_it_must_not(string service, string folder, string[] forbidden)
    {
        var result = Types.InAssembly(Assemblies.Service(service))
            .That().ResideInNamespace(Namespace(service, folder))
            .ShouldNot().HaveDependencyOnAny(forbidden.Select(f => Namespace(service, f)).ToArray())
            .GetResult();

        Assert.True(result.IsSuccessful, SharedCodeTests.Describe(result));
    }

    [Theory]
    [MemberData(nameof(Assemblies.ServiceNames), MemberType = typeof(Assemblies))]
    public void Feature_folders_have_no_dependency_cycle(string service)
    {
        var assembly = Assemblies.Service(service);
        var folders = Folders(assembly, service);
        var uses = folders.ToDictionary(f => f, f => folders.Where(other => other != f && Uses(assembly, service, f, other)).ToList());

        var cycle = FindCycle(uses);

        Assert.True(cycle is null, $"Folders of {service} that depend on each other: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Every_folder_of_every_service_is_covered_by_a_rule()
    {
        // A new folder must be placed in the rules above, so its allowed dependencies are a decision, not an accident.
        var ruled = Rules.Select(r => ((string)r.Data.Item1, (string)r.Data.Item2)).ToHashSet();
        var unruled = Assemblies.ServiceNames.Select(r => (string)r.Data)
            .SelectMany(s => Folders(Assemblies.Service(s), s).Select(f => (s, f)))
            .Where(sf => sf.f != "Extensions" && !ruled.Contains(sf))
            .Select(sf => $"{sf.s}/{sf.f}");

        Assert.Empty(unruled);
    }

    private static string Namespace(string service, string folder) => $"StoreAlerts.{service}.{folder}";

    /// <summary>The first namespace segment under <c>StoreAlerts.{service}</c> of the service's own types.</summary>
    private static List<string> Folders(Assembly assembly, string service)
    {
        var prefix = $"StoreAlerts.{service}.";
        return assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n![prefix.Length..].Split('.')[0])
            .Distinct()
            .Order()
            .ToList();
    }

    private static bool Uses(Assembly assembly, string service, string folder, string other) =>
        !Types.InAssembly(assembly)
            .That().ResideInNamespace(Namespace(service, folder))
            .ShouldNot().HaveDependencyOn(Namespace(service, other))
            .GetResult().IsSuccessful;

    private static List<string>? FindCycle(Dictionary<string, List<string>> uses)
    {
        var state = uses.Keys.ToDictionary(k => k, _ => 0); // 0 new, 1 on the path, 2 done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in uses[node])
            {
                if (state[next] == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state[next] == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return uses.Keys.Where(k => state[k] == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }
}
