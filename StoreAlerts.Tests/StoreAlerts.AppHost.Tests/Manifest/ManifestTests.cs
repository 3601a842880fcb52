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
    public async Task Only_the_gateway_is_exposed_outside_the_environment_and_it_forwards_the_sign_in_provider()
    {
        var resources = await manifest.ResourcesAsync();

        var external = resources
            .Where(r => r.Value!["bindings"]?.AsObject().Any(b => (bool?)b.Value!["external"] == true) == true)
            .Select(r => r.Key).Order();
        Assert.Equal([ResourceNames.Gateway], external);
        // Keycloak is behind the gateway: its issuer and front-channel URLs are the gateway's, its own address internal.
        var keycloak = resources[ResourceNames.Identity]!["env"]!;
        Assert.Equal("{gateway.bindings.http.url}/auth", (string?)keycloak["KC_HOSTNAME"]);
        Assert.Equal("/auth", (string?)keycloak["KC_HTTP_RELATIVE_PATH"]);
        Assert.Equal("xforwarded", (string?)keycloak["KC_PROXY_HEADERS"]);
        Assert.Equal("true", (string?)keycloak["KC_HOSTNAME_BACKCHANNEL_DYNAMIC"]);
        // Production mode ("start") refuses plain http unless told: TLS ends at the environment's ingress, before the gateway.
        Assert.Equal(["start", "--import-realm"], resources[ResourceNames.Identity]!["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("true", (string?)keycloak["KC_HTTP_ENABLED"]);
        // The admin console's own hostname is a development convenience (run mode); deployed, it is not reachable.
        Assert.Null(keycloak["KC_HOSTNAME_ADMIN"]);
        var gateway = resources[ResourceNames.Gateway]!["env"]!;
        Assert.Equal("{identity.bindings.http.url}", (string?)gateway["Gateway__IdentityProxy__Address"]);
        Assert.Equal("{gateway.bindings.http.url}/auth/realms/storealerts", (string?)resources[ResourceNames.Store]!["env"]!["Identity__Authority"]);
    }

    [Fact]
    public async Task Kafka_mongo_and_storedb_entries_are_the_official_integrations_expected_json()
    {
        var resources = await manifest.ResourcesAsync();

        // The official AddKafkaTests/AddMongoDBTests VerifyManifest expectations, with the resource names used here, plus
        // the data volume each gets from the official WithDataVolume (its name generated per AppHost: VOLUME- here).
        Assert.Equal("""
            {
              "type": "container.v0",
              "connectionString": "{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}",
              "image": "docker.io/confluentinc/confluent-local:TAG",
              "volumes": [
                {
                  "name": "VOLUME-kafka-data",
                  "target": "/var/lib/kafka/data",
                  "readOnly": false
                }
              ],
              "env": {
                "KAFKA_LISTENERS": "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT",
                "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://{kafka.bindings.tcp.host}:29092,PLAINTEXT_HOST://{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port},PLAINTEXT_INTERNAL://{kafka.bindings.internal.host}:{kafka.bindings.internal.port}",
                "KAFKA_LOG_DIRS": "/var/lib/kafka/data"
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
              "volumes": [
                {
                  "name": "VOLUME-mongo-data",
                  "target": "/data/db",
                  "readOnly": false
                }
              ],
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

    [Fact]
    public async Task Manifest_holds_every_resource_of_the_system_and_nothing_else()
    {
        var resources = await manifest.ResourcesAsync();

        string[] expected = [ResourceNames.Kafka, ResourceNames.Mongo, ResourceNames.StoreDb, ResourceNames.Postgres, ResourceNames.AlertDb,
            ResourceNames.MailDev, "alert-distribution-list", ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway,
            "mongo-password", "mongo-password-uri-encoded", "postgres-password", "postgres-password-uri-encoded",
            ResourceNames.Identity, "identity-password", "admin-password", "user-password", "gateway-client-id", "gateway-client-secret", "service-client-secret"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), resources.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ResourceNames.Kafka, "/var/lib/kafka/data")]
    [InlineData(ResourceNames.Mongo, "/data/db")]
    [InlineData(ResourceNames.Postgres, "/var/lib/postgresql")]
    public async Task Each_stateful_container_keeps_its_data_in_a_named_volume(string resource, string target)
    {
        var resources = await manifest.ResourcesAsync();

        var volume = Assert.Single(resources[resource]!["volumes"]!.AsArray());
        Assert.Equal((target, false), ((string?)volume!["target"], (bool?)volume["readOnly"]));
        Assert.Matches($"^storealerts\\.apphost-[0-9a-f]+-{resource}-data$", (string?)volume["name"]);
    }

    [Fact]
    public async Task Kafka_writes_its_log_into_its_volume()
    {
        var kafka = (await manifest.ResourcesAsync())[ResourceNames.Kafka]!;

        Assert.Equal((string?)kafka["volumes"]![0]!["target"], (string?)kafka["env"]!["KAFKA_LOG_DIRS"]);
    }

    [Fact]
    public async Task Every_container_of_the_manifest_is_one_of_the_three_stateful_ones_or_the_identity_provider()
    {
        var resources = await manifest.ResourcesAsync();

        // Keycloak imports the repository's realm on every start, its passwords and secrets from parameters: a restart
        // loses only the sign-in sessions, so it needs no volume (ADR-009).
        Assert.Equal([ResourceNames.Kafka, ResourceNames.Mongo, ResourceNames.Postgres, ResourceNames.Identity],
            resources.Where(r => (string?)r.Value!["type"] == "container.v0").Select(r => r.Key));
    }

    [Theory]
    [InlineData("mongo-password", true)]
    [InlineData("postgres-password", true)]
    [InlineData("identity-password", true)]
    [InlineData("admin-password", true)]
    [InlineData("user-password", true)]
    [InlineData("gateway-client-secret", true)]
    [InlineData("service-client-secret", true)]
    [InlineData(ResourceNames.MailDev, false)]
    public async Task Each_secret_is_a_secret_parameter_given_at_deployment(string name, bool generated)
    {
        var parameter = (await manifest.ResourcesAsync())[name]!;

        Assert.Equal("parameter.v0", (string?)parameter["type"]);
        var input = parameter["inputs"]!["value"]!;
        Assert.True((bool?)input["secret"], $"{name} is not marked secret");
        Assert.Equal(generated, input["default"]?["generate"] is not null);
        Assert.Null(input["default"]?["value"]);
    }

    [Fact]
    public async Task No_password_is_written_as_a_literal_anywhere()
    {
        var resources = await manifest.ResourcesAsync();

        var values = resources.SelectMany(r => Strings(r.Value!).Select(v => (Resource: r.Key, v.Path, v.Value))).ToList();
        Assert.NotEmpty(values);
        // A password is always a reference to a parameter: {x-password.value}, {x-password-uri-encoded.value}, or a connection string that holds one.
        var literals = values.Where(v =>
            (Regex.IsMatch(v.Path, "(PASSWORD|SECRET|TOKEN)$", RegexOptions.IgnoreCase) && !Regex.IsMatch(v.Value, "^\\{[a-z0-9-]+\\.value\\}$"))
            || Regex.IsMatch(v.Value, "Password=(?!\\{)", RegexOptions.IgnoreCase)
            || Regex.IsMatch(v.Value, "://[^:/@]+:(?!\\{)[^@/]*@")).ToList();
        Assert.True(literals.Count == 0, "Literal secrets: " + string.Join("; ", literals.Select(l => $"{l.Resource}.{l.Path} = {l.Value}")));
    }

    [Fact]
    public void Azure_yaml_names_the_AppHost_project_for_azd()
    {
        var appHost = Projects.StoreAlerts_AppHost.ProjectPath;
        var repository = Directory.GetParent(appHost.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(appHost)! : appHost)!.FullName;
        var yaml = File.ReadAllText(Path.Combine(repository, "azure.yaml"));

        var project = Regex.Match(yaml, @"^\s+project:\s*(\S+)\s*$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal("./StoreAlerts.AppHost/StoreAlerts.AppHost.csproj", project);
        Assert.True(File.Exists(Path.Combine(repository, project)), $"{project} does not exist under {repository}");
        Assert.Matches(@"(?m)^\s+host:\s*containerapp\s*$", yaml);
        Assert.Matches(@"(?m)^\s+language:\s*dotnet\s*$", yaml);
    }

    /// <summary>Every string value of an entry with its path (<c>env.POSTGRES_PASSWORD</c>).</summary>
    private static IEnumerable<(string Path, string Value)> Strings(JsonNode node, string path = "") => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((n, i) => n is null ? [] : Strings(n, $"{path}[{i}]")),
        JsonValue v when v.TryGetValue<string>(out var s) => [(path, s)],
        _ => [],
    };

    /// <summary>
    /// One resource as the official tests print it (indented, image tag replaced: tags move on their own schedule; the
    /// volume name's AppHost prefix replaced: it holds a hash of the AppHost's path).
    /// </summary>
    private static string Entry(JsonObject resources, string name)
    {
        var entry = resources[name]!.DeepClone().AsObject();
        if (entry["image"] is { } image)
        {
            entry["image"] = Regex.Replace((string)image!, ":[^:/]+$", ":TAG");
        }

        foreach (var volume in entry["volumes"]?.AsArray() ?? [])
        {
            volume!["name"] = Regex.Replace((string)volume["name"]!, "^storealerts\\.apphost-[0-9a-f]+-", "VOLUME-");
        }

        return entry.ToString();
    }

    private static string? Type(JsonObject resources, string name) =>
        (string?)(resources[name] ?? throw new Xunit.Sdk.XunitException($"No resource '{name}' in the manifest: {string.Join(", ", resources.Select(r => r.Key))}"))["type"];
}

/// <summary>The manifest published once for the class: <c>dotnet run --project StoreAlerts.AppHost --publisher manifest</c>.</summary>
public class PublishedManifest
{
    private Task<JsonObject>? _resources;

    /// <summary>Extra AppHost arguments, such as <c>Infrastructure=external</c>.</summary>
    protected virtual string[] Arguments => [];

    public Task<JsonObject> ResourcesAsync() => _resources ??= PublishManifestAsync(Arguments);

    private static async Task<JsonObject> PublishManifestAsync(string[] arguments)
    {
        var ct = CancellationToken.None;
        var output = Path.Combine(Directory.CreateTempSubdirectory("storealerts-manifest-").FullName, "manifest.json");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--project", Projects.StoreAlerts_AppHost.ProjectPath, "--", "--publisher", "manifest", "--output-path", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var log = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
        Assert.True(process.ExitCode == 0, $"Publishing failed ({process.ExitCode}):\n{await log}\n{await errors}");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(output, ct))!;
        return manifest["resources"]!.AsObject();
    }
}
