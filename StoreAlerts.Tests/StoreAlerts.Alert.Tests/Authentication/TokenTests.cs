using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>
/// The Alert validates the bearer token of every API request against the issuer's published keys: a missing or bad
/// token is a 401 problem, a <c>user</c> asking for a resend a 403 problem.
/// </summary>
public sealed class TokenTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Missing_and_bad_tokens_are_401_problems_on_every_route()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var tokens = BadTokens.Kinds.Select(k => (Kind: (string)k.Data, Token: (string?)BadTokens.Make((string)k.Data, "alert")))
            .Prepend(("none", null));

        foreach (var (kind, token) in tokens)
        {
            using var client = WithToken(app, token);
            foreach (var (method, path) in new[] { ("GET", "/api/store-alerts"), ("GET", "/api/store-alerts/1"), ("GET", "/api/store-alerts/stream"), ("POST", "/api/store-alerts/1/resend"),
                         ("POST", "/api/operations/replay-dead-letters"), ("POST", "/api/operations/resend-failed-emails") })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Cancel);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} token, {method} {path}: {(int)response.StatusCode}");
                await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            }
        }
    }

    [Fact]
    public async Task A_user_reads_alerts_but_a_resend_is_a_403_problem()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var user = WithToken(app, TestIssuer.Shared.Token("alert", ["user"], subject: "test-user"));
        using var admin = app.CreateClient();

        using var list = await user.GetAsync("/api/store-alerts", Cancel);
        using var resend = await user.PostAsync("/api/store-alerts/1/resend", null, Cancel);
        using var adminResend = await admin.PostAsync("/api/store-alerts/1/resend", null, Cancel);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await AssertProblemAsync(resend, HttpStatusCode.Forbidden);
        // The admin passes the token check and reaches the handler: no such alert.
        Assert.Equal(HttpStatusCode.NotFound, adminResend.StatusCode);
    }

    [Theory]
    [InlineData("/api/operations/replay-dead-letters")]
    [InlineData("/api/operations/resend-failed-emails")]
    public async Task The_operator_operations_are_for_admins_only(string path)
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var user = WithToken(app, TestIssuer.Shared.Token("alert", ["user"], subject: "test-user"));
        using var admin = app.CreateClient();

        using var asUser = await user.PostAsync(path, null, Cancel);
        using var asAdmin = await admin.PostAsync(path, null, Cancel);

        await AssertProblemAsync(asUser, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    private static HttpClient WithToken(AlertApp app, string? token)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetInt32());
    }
}
