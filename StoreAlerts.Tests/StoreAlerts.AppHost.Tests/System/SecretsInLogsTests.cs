using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Testing;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// No password, token or cookie in any log line: the system handles every kind of secret it knows (sign-ins with the
/// right and a wrong password, the code flow, client credentials, bearer tokens good and bad, session cookies, sign-out)
/// and then every resource's console log and every OTLP log and trace export is searched for each of them.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public partial class SecretsInLogsTests(StoreAlertsAppFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_password_token_or_cookie_reaches_any_log_line()
    {
        var secrets = new Dictionary<string, string>
        {
            ["a wrong password tried at the sign-in form"] = $"wrong-{Guid.NewGuid():N}",
            ["a wrong client secret tried at the token endpoint"] = $"not-the-secret-{Guid.NewGuid():N}",
            ["an opaque bearer token"] = $"opaque-{Guid.NewGuid():N}",
        };
        // The users' passwords, the clients' secrets, PostgreSQL's password: every secret parameter of the system.
        foreach (var parameter in system.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Where(p => p.Secret))
        {
            secrets[$"the {parameter.Name} parameter"] = (await parameter.GetValueAsync(Ct))!;
        }

        Assert.Contains(system.AdminPassword, secrets.Values);
        Assert.Contains(system.UserPassword, secrets.Values);
        var gateway = system.App.GetEndpoint(ResourceNames.Gateway, "http");

        await RunTrafficAsync(gateway, secrets);

        var consoleLines = await ConsoleLinesAsync();
        var exports = await TelemetryAsync();
        // The scans must have seen what they scan: each service's start-up line and the refused sign-in just made.
        foreach (var resource in new[] { ResourceNames.Gateway, ResourceNames.Store, ResourceNames.Alert, ResourceNames.Identity })
        {
            Assert.Contains(consoleLines, l => l.Resource.StartsWith(resource, StringComparison.Ordinal) && l.Text.Contains("Now listening on", StringComparison.Ordinal));
        }

        Assert.Equal(StoreAlertsAppFixture.AlertReplicas, consoleLines.Where(l => l.Resource.StartsWith(ResourceNames.Alert, StringComparison.Ordinal))
            .Select(l => l.Resource).Distinct().Count());
        Assert.Contains(exports, e => e.Signal == "logs" && e.Text.Contains("A sign-in was refused.", StringComparison.Ordinal));
        Assert.Contains(exports, e => e.Signal == "traces" && e.Text.Contains("/connect/token", StringComparison.Ordinal));

        var leaks = new List<string>();
        var places = consoleLines.Select(l => (Where: $"{l.Resource} console", l.Text))
            .Concat(exports.Select(e => (Where: $"OTLP {e.Signal} export", e.Text)));
        foreach (var (where, text) in places)
        {
            foreach (var (name, secret) in secrets)
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    leaks.Add($"{where} holds {name}: {Excerpt(text, secret)}");
                }
            }

            foreach (var match in Markers().Matches(text).Select(m => m.Value).Distinct())
            {
                leaks.Add($"{where} holds '{match[..Math.Min(match.Length, 8)]}…': {Excerpt(text, match)}");
            }
        }

        Assert.True(leaks.Count == 0, $"Secrets in the logs ({consoleLines.Count} console lines, {exports.Count} exports scanned):\n" +
            string.Join('\n', leaks.Distinct().Take(40)));
    }

    /// <summary>Everything that carries a secret; the values seen on the way (codes, tokens, cookies) join <paramref name="secrets"/>.</summary>
    private async Task RunTrafficAsync(Uri gateway, Dictionary<string, string> secrets)
    {
        // A person signing in with a wrong password, then the right one, as admin and as user, using the UI and the API.
        foreach (var (userName, password) in new[] { ("admin", system.AdminPassword), ("user", system.UserPassword) })
        {
            using var browser = new SignInClient(gateway);
            using (var refused = await browser.SignInAsync(userName, secrets["a wrong password tried at the sign-in form"], Ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            using (var home = await browser.SignInAsync(userName, password, Ct))
            {
                Assert.Contains($"Signed in as <strong>{userName}</strong>", await home.Content.ReadAsStringAsync(Ct));
            }

            foreach (var path in new[] { "/services/store/api/stores", "/services/alert/api/store-alerts", "/stores", "/alerts" })
            {
                using var page = await browser.GetAsync(path, Ct);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            var i = 0;
            foreach (var uri in browser.Visited.Where(u => u.Query.Contains("code=", StringComparison.Ordinal)))
            {
                secrets[$"{userName}'s authorization code {++i}"] = QueryValue(uri, "code");
            }

            i = 0;
            foreach (var cookie in browser.CookieValues.Where(v => v.Length >= 16))
            {
                secrets[$"{userName}'s cookie {++i}"] = cookie;
            }

            Assert.Contains(secrets.Keys, k => k.StartsWith($"{userName}'s authorization code", StringComparison.Ordinal));
            using var signedOut = await browser.SignOutAsync(Ct);
            Assert.DoesNotContain("Signed in as", await signedOut.Content.ReadAsStringAsync(Ct));
        }

        // A script: client credentials with a wrong secret, then the right one, and the token used through the gateway and
        // straight at each service; then bad tokens.
        using var identity = system.App.CreateHttpClient(ResourceNames.Identity, "http");
        using (var refused = await identity.PostAsync("/connect/token", ClientCredentials(secrets["a wrong client secret tried at the token endpoint"]), Ct))
        {
            Assert.False(refused.IsSuccessStatusCode);
        }

        using var granted = await identity.PostAsync("/connect/token", ClientCredentials(secrets["the service-client-secret parameter"]), Ct);
        var token = (await granted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("access_token").GetString()!;
        secrets["a client-credentials access token"] = token;
        secrets["the fixture's service token"] = await system.ServiceTokenAsync(Ct);
        var tampered = TestIssuer.Tampered(token);
        secrets["a token with a bad signature"] = tampered;
        var expired = BadTokens.Make("expired", "store");
        secrets["an expired token"] = expired;

        foreach (var (resource, path) in new[] { (ResourceNames.Gateway, "/services/store/api/stores"), (ResourceNames.Gateway, "/services/alert/api/store-alerts"),
            (ResourceNames.Store, "/api/stores"), (ResourceNames.Alert, "/api/store-alerts") })
        {
            using var http = system.CreateAnonymousClient(resource);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, path, token));
            foreach (var bad in new[] { tampered, expired, secrets["an opaque bearer token"] })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, path, bad));
            }
        }

        using var store = system.CreateAnonymousClient(ResourceNames.Store);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/stores")
        {
            Content = JsonContent.Create(new { name = $"Secrets {Guid.NewGuid():N}", address = "Log Lane 1", status = "OPEN" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await store.SendAsync(create, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static FormUrlEncodedContent ClientCredentials(string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = "storealerts-service",
        ["client_secret"] = secret,
    });

    /// <summary>
    /// Every console line of every resource (each replica on its own), once the identity provider's line about the refused
    /// sign-in has arrived: log lines reach the AppHost asynchronously.
    /// </summary>
    private async Task<List<(string Resource, string Text)>> ConsoleLinesAsync()
    {
        var loggers = system.App.Services.GetRequiredService<ResourceLoggerService>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var lines = new List<(string Resource, string Text)>();
            foreach (var instance in await InstancesAsync())
            {
                await foreach (var batch in loggers.GetAllAsync(instance).WithCancellation(Ct))
                {
                    lines.AddRange(batch.Select(l => (instance, l.Content)));
                }
            }

            if (lines.Any(l => l.Resource.StartsWith(ResourceNames.Identity, StringComparison.Ordinal) && l.Text.Contains("A sign-in was refused.", StringComparison.Ordinal)))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The identity provider's console never showed the refused sign-in ({lines.Count} lines).");
            await Task.Delay(1000, Ct);
        }
    }

    /// <summary>The id of every instance of every resource (a replicated resource has one per replica), as the notifications name them.</summary>
    private async Task<IReadOnlyCollection<string>> InstancesAsync()
    {
        var ids = new HashSet<string>();
        using var replayed = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        replayed.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            // The watch starts with the current state of every instance.
            await foreach (var update in system.App.ResourceNotifications.WatchAsync(replayed.Token))
            {
                ids.Add(update.ResourceId);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }

        return ids;
    }

    /// <summary>What the services exported over OTLP, once the identity provider's record of the refused sign-in has arrived.</summary>
    private async Task<List<(string Signal, string Text)>> TelemetryAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!system.Telemetry.Exports.Any(e => e.Signal == "logs" && Encoding.UTF8.GetString(e.Body).Contains("A sign-in was refused.", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "No OTLP log export held the refused sign-in.");
            await Task.Delay(1000, Ct);
        }

        // Give the last batches of the other services (exported every few seconds) time to arrive too.
        await Task.Delay(TimeSpan.FromSeconds(6), Ct);
        return [.. system.Telemetry.Exports.Select(e => (e.Signal, Printable(e.Body)))];
    }

    /// <summary>
    /// The protobuf's text: its runs of eight or more printable characters, one a line. Strings are stored as they are;
    /// the binary parts (ids, numbers) are left out so that they cannot look like a token by chance.
    /// </summary>
    private static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        var run = new StringBuilder();
        foreach (var c in Encoding.UTF8.GetString(body).Append('\0'))
        {
            if (!char.IsControl(c) && c != '\uFFFD')
            {
                run.Append(c);
                continue;
            }

            if (run.Length >= 8)
            {
                text.Append(run).Append('\n');
            }

            run.Clear();
        }

        return text.ToString();
    }

    private static string QueryValue(Uri uri, string name) =>
        Uri.UnescapeDataString(uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).First(p => p[0] == name)[1]);

    /// <summary>Where the secret sits, with the secret itself masked so the failure message does not spread it further.</summary>
    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        var start = Math.Max(0, at - 120);
        var excerpt = text[start..Math.Min(text.Length, at + secret.Length + 120)];
        return new string([.. excerpt.Replace(secret, "«…»", StringComparison.OrdinalIgnoreCase).Select(c => char.IsControl(c) ? '·' : c)]);
    }

    /// <summary>
    /// What a secret the test never saw looks like: a JWT (access, refresh and identity tokens alike, signed or encrypted,
    /// start with a base64url <c>{"</c>), a bearer header's value, a cookie of the gateway or the provider, a code or refresh
    /// token as a form or query parameter (telemetry keeps a query's names with the value <c>Redacted</c>).
    /// </summary>
    [GeneratedRegex(@"(?-i:eyJ)[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.~+/=]{12,}|storealerts\.(session|identity)[A-Za-z0-9]*=|[?&](code|refresh_token|client_secret|id_token_hint)=(?!Redacted\b)[^&\s""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Markers();
}
