using System.Diagnostics;
using System.Text.Json.Nodes;

namespace StoreAlerts.AppHost.Tests.Manifest;

/// <summary>What azd reads: <c>dotnet run --project StoreAlerts.AppHost --publisher manifest --output-path …</c>.</summary>
public class ManifestTests
{
    [Fact]
    public async Task Manifest_describes_the_containers_topology_without_development_tools()
    {
        var resources = await PublishManifestAsync();

        Assert.Equal("container.v0", Type(resources, ResourceNames.Kafka));
        Assert.Equal("docker.io/confluentinc/confluent-local:8.1.1", (string?)resources[ResourceNames.Kafka]!["image"]);
        Assert.Equal("container.v0", Type(resources, ResourceNames.Mongo));
        Assert.Equal("docker.io/library/mongo:8.2", (string?)resources[ResourceNames.Mongo]!["image"]);
        Assert.Equal("value.v0", Type(resources, ResourceNames.StoreDb));
        Assert.Equal("container.v0", Type(resources, ResourceNames.Postgres));
        Assert.Equal("value.v0", Type(resources, ResourceNames.AlertDb));
        Assert.All([ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway], name => Assert.Equal("project.v0", Type(resources, name)));
        Assert.All(["postgres-password", "mongo-password", "alert-distribution-list"], name => Assert.Equal("parameter.v0", Type(resources, name)));
        Assert.Equal("store-managers@storealerts.local", (string?)resources["alert-distribution-list"]!["inputs"]!["value"]!["default"]!["value"]);
        Assert.DoesNotContain(resources, r => r.Key is "kafka-ui" or "mongo-mongoexpress");
        // A deployed app sends real email: the SMTP server is a connection string given at deployment, not a MailDev container.
        Assert.Equal("parameter.v0", Type(resources, ResourceNames.MailDev));
        Assert.Equal("MongoDB", (string?)resources[ResourceNames.Store]!["env"]!["StoreDatabase__Provider"]);
    }

    [Fact]
    public async Task Only_the_gateway_is_exposed_outside_the_environment()
    {
        var resources = await PublishManifestAsync();

        var external = resources
            .Where(r => r.Value!["bindings"]?.AsObject().Any(b => (bool?)b.Value!["external"] == true) == true)
            .Select(r => r.Key);
        Assert.Equal([ResourceNames.Gateway], external);
    }

    private static string? Type(JsonObject resources, string name) =>
        (string?)(resources[name] ?? throw new Xunit.Sdk.XunitException($"No resource '{name}' in the manifest: {string.Join(", ", resources.Select(r => r.Key))}"))["type"];

    private static async Task<JsonObject> PublishManifestAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Path.Combine(Directory.CreateTempSubdirectory("storealerts-manifest-").FullName, "manifest.json");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--project", Projects.StoreAlerts_AppHost.ProjectPath, "--", "--publisher", "manifest", "--output-path", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo)!;
        var log = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
        Assert.True(process.ExitCode == 0, $"Publishing failed ({process.ExitCode}):\n{await log}\n{await errors}");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(output, ct))!;
        return manifest["resources"]!.AsObject();
    }
}
