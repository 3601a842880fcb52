using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StoreAlerts.AppHost.Tests.Manifest;

/// <summary>What azd reads: <c>dotnet run --project StoreAlerts.AppHost --publisher manifest --output-path …</c>.</summary>
public class ManifestTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>
{
    [Fact]
    public async Task Manifest_describes_the_containers_topology_without_development_tools()
    {
        var resources = await manifest.ResourcesAsync();

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
    public async Task Only_the_gateway_and_the_sign_in_provider_are_exposed_outside_the_environment()
    {
        var resources = await manifest.ResourcesAsync();

        var external = resources
            .Where(r => r.Value!["bindings"]?.AsObject().Any(b => (bool?)b.Value!["external"] == true) == true)
            .Select(r => r.Key).Order();
        Assert.Equal([ResourceNames.Gateway, ResourceNames.Identity], external);
    }

    [Fact]
    public async Task Kafka_mongo_and_storedb_entries_are_the_official_integrations_expected_json()
    {
        var resources = await manifest.ResourcesAsync();

        // The official AddKafkaTests/AddMongoDBTests VerifyManifest expectations, with the resource names used here.
        Assert.Equal("""
            {
              "type": "container.v0",
              "connectionString": "{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}",
              "image": "docker.io/confluentinc/confluent-local:TAG",
              "env": {
                "KAFKA_LISTENERS": "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT",
                "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://{kafka.bindings.tcp.host}:29092,PLAINTEXT_HOST://{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port},PLAINTEXT_INTERNAL://{kafka.bindings.internal.host}:{kafka.bindings.internal.port}"
              },
              "bindings": {
                "tcp": {
                  "scheme": "tcp",
                  "protocol": "tcp",
                  "transport": "tcp",
                  "targetPort": 9092
                },
                "internal": {
                  "scheme": "tcp",
                  "protocol": "tcp",
                  "transport": "tcp",
                  "targetPort": 9093
                }
              }
            }
            """, Entry(resources, ResourceNames.Kafka));
        Assert.Equal("""
            {
              "type": "container.v0",
              "connectionString": "mongodb://admin:{mongo-password-uri-encoded.value}@{mongo.bindings.tcp.host}:{mongo.bindings.tcp.port}/?authSource=admin\u0026authMechanism=SCRAM-SHA-256",
              "image": "docker.io/library/mongo:TAG",
              "env": {
                "MONGO_INITDB_ROOT_USERNAME": "admin",
                "MONGO_INITDB_ROOT_PASSWORD": "{mongo-password.value}"
              },
              "bindings": {
                "tcp": {
                  "scheme": "tcp",
                  "protocol": "tcp",
                  "transport": "tcp",
                  "targetPort": 27017
                }
              }
            }
            """, Entry(resources, ResourceNames.Mongo));
        Assert.Equal("""
            {
              "type": "value.v0",
              "connectionString": "mongodb://admin:{mongo-password-uri-encoded.value}@{mongo.bindings.tcp.host}:{mongo.bindings.tcp.port}/storedb?authSource=admin\u0026authMechanism=SCRAM-SHA-256"
            }
            """, Entry(resources, ResourceNames.StoreDb));
    }

    /// <summary>One resource as the official tests print it (indented, image tag replaced: tags move on their own schedule).</summary>
    private static string Entry(JsonObject resources, string name)
    {
        var entry = resources[name]!.DeepClone().AsObject();
        if (entry["image"] is { } image)
        {
            entry["image"] = Regex.Replace((string)image!, ":[^:/]+$", ":TAG");
        }

        return entry.ToString();
    }

    private static string? Type(JsonObject resources, string name) =>
        (string?)(resources[name] ?? throw new Xunit.Sdk.XunitException($"No resource '{name}' in the manifest: {string.Join(", ", resources.Select(r => r.Key))}"))["type"];
}

/// <summary>The manifest published once for the class: <c>dotnet run --project StoreAlerts.AppHost --publisher manifest</c>.</summary>
public sealed class PublishedManifest
{
    private Task<JsonObject>? _resources;

    public Task<JsonObject> ResourcesAsync() => _resources ??= PublishManifestAsync();

    private static async Task<JsonObject> PublishManifestAsync()
    {
        var ct = CancellationToken.None;
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
