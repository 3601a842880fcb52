using System.Text.Json;
using System.Text.RegularExpressions;

namespace StoreAlerts.Architecture.Tests;

/// <summary>
/// Secrets come from Aspire parameters or configuration at run time: no committed settings file (appsettings, launch
/// settings, the Keycloak realm) holds a password, a client secret, a key or a connection string with a password.
/// </summary>
public sealed partial class SettingsSecretTests
{
    [Fact]
    public void No_committed_settings_file_holds_a_secret()
    {
        var root = RepositoryRoot();
        var files = Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or "TestResults" || part.StartsWith('.')))
            .ToList();
        var findings = files.SelectMany(f => Secrets(JsonDocument.Parse(File.ReadAllText(f), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement, Path.GetRelativePath(root, f)))
            .ToList();

        Assert.Contains(files, f => f.EndsWith("storealerts-realm.json", StringComparison.Ordinal));
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("""{"Identity":{"ClientSecret":"s3cr3t"}}""")]
    [InlineData("""{"Users":{"admin":{"Password":"hunter2"}}}""")]
    [InlineData("""{"ConnectionStrings":{"alertdb":"Host=pg;Password=x"}}""")]
    [InlineData("""{"credentials":[{"type":"password","value":"plain"}]}""")]
    public void The_scan_finds_a_secret(string json) =>
        Assert.NotEmpty(Secrets(JsonDocument.Parse(json).RootElement, "sample.json"));

    private static IEnumerable<string> Secrets(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var isPasswordCredential = element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "password";
                foreach (var property in element.EnumerateObject())
                {
                    var where = $"{path}:{property.Name}";
                    if (property.Value.ValueKind == JsonValueKind.String && IsSecret(property.Name, property.Value.GetString()!, isPasswordCredential))
                    {
                        yield return where;
                    }

                    foreach (var inner in Secrets(property.Value, where))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray().SelectMany((item, i) => Secrets(item, $"{path}[{i}]")))
                {
                    yield return item;
                }

                break;
        }
    }

    private static bool IsSecret(string name, string value, bool isPasswordCredential) =>
        value.Length > 0 && !Placeholder().IsMatch(value)
        && (SecretName().IsMatch(name) || (isPasswordCredential && name == "value") || value.Contains("Password=", StringComparison.OrdinalIgnoreCase));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StoreAlerts.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("StoreAlerts.sln not found above the test binaries.");
    }

    [GeneratedRegex("(password|secret|apikey|api_key|token|privatekey)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>A value filled in at run time (Keycloak's realm import replaces <c>${NAME}</c> from the environment).</summary>
    [GeneratedRegex(@"^\$\{[A-Z0-9_]+\}$")]
    private static partial Regex Placeholder();
}
