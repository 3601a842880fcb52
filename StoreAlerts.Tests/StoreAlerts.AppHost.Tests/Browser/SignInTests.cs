using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StoreAlerts.AppHost.Tests.System;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>
/// Sign-in through the local identity provider (OpenIddict) in Chromium: what a <c>user</c> and an <c>admin</c> may do,
/// sign-out at the gateway and the provider, the session cookie's flags and the security headers.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public sealed class SignInTests(StoreAlertsAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_user_only_reads_and_a_forged_write_is_refused_then_after_sign_out_an_admin_closes_the_store()
    {
        await using var session = await StartAsync();
        var store = await Api.CreateStoreAsync($"Signin {Guid.NewGuid().ToString("N")[..8]}", "Calle Mayor 1");
        var page = await session.NewPageAsync();

        // Not signed in: the page sends the browser to the provider's form, and back once signed in.
        await page.GotoAsync($"/stores/{store.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to StoreAlerts");
        await BrowserSession.SubmitSignInFormAsync(page, "user", app.UserPassword);
        await page.WaitForURLAsync($"**/stores/{store.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(store.Name);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/stores?name={Uri.EscapeDataString(store.Name)}");
        await Expect(page.Locator($"tr[data-store-id='{store.Id}']")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Edit {store.Name}" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create a store" })).ToHaveCountAsync(0);

        // The buttons are hidden, but the API is what refuses: a write sent with the user's session is a 403.
        var forged = await page.EvaluateAsync<int[]>("""
            async id => [
              (await fetch('/services/store/api/stores/' + id, { method: 'DELETE' })).status,
              (await fetch('/services/store/api/stores/' + id, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"status":"CLOSED"}' })).status,
            ]
            """, store.Id);
        Assert.Equal([403, 403], forged);
        Assert.Equal(store.Version, (await Api.GetStoreAsync(store.Id)).Version);
        await page.GotoAsync($"/stores/{store.Id}/edit");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed");

        // Sign-out ends the provider's session too: the next page asks for the password again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync($"/stores/{store.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to StoreAlerts");
        await BrowserSession.SubmitSignInFormAsync(page, "admin", app.AdminPassword);
        await page.WaitForURLAsync($"**/stores/{store.Id}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.WaitForURLAsync($"**/stores/{store.Id}/edit");
        await page.SelectOptionAsync("#store-status", "CLOSED");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync($"**/stores/{store.Id}");
        await Expect(page.Locator(".facts")).ToContainTextAsync("CLOSED");
        Assert.Equal("CLOSED", (await Api.GetStoreAsync(store.Id)).Status);
        // The browser reports the two refused fetches as failed resources; nothing else may go wrong.
        var unexpected = session.Errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
    }

    [Fact]
    public async Task Sign_in_and_sign_out_never_leave_the_gateway_s_origin_and_the_provider_s_form_runs_without_errors()
    {
        await using var session = await StartAsync();
        var page = await session.NewPageAsync();
        var origin = app.App.GetEndpoint(ResourceNames.Gateway, "http").GetLeftPart(UriPartial.Authority);
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        page.WebSocket += (_, socket) => requests.Enqueue(socket.Url);
        var formResponses = new ConcurrentQueue<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url.StartsWith($"{origin}/auth/account/login", StringComparison.Ordinal))
            {
                formResponses.Enqueue(response);
            }
        };

        await page.GotoAsync("/stores");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to StoreAlerts");
        Assert.StartsWith($"{origin}/auth/account/login?", page.Url);
        await BrowserSession.SubmitSignInFormAsync(page, "user", app.UserPassword);
        await page.WaitForURLAsync("**/stores");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // The round trip went through the provider's pages under /auth, and nowhere but the gateway (the circuit's
        // WebSocket included; the form's empty data: icon is no request to anyone).
        var sent = requests.Where(url => !url.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.Contains(sent, url => url.StartsWith($"{origin}/auth/connect/authorize?", StringComparison.Ordinal));
        Assert.Contains(sent, url => url.StartsWith($"{origin}/auth/connect/endsession?", StringComparison.Ordinal));
        var elsewhere = sent.Where(url => !url.StartsWith($"{origin}/", StringComparison.Ordinal)
            && !url.StartsWith($"ws://{new Uri(origin).Authority}/", StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, string.Join('\n', elsewhere));
        // The provider's form sends no policy of its own, so it runs under the gateway's strict one, and breaks nothing.
        var form = Assert.IsAssignableFrom<IResponse>(formResponses.FirstOrDefault());
        Assert.Contains("script-src 'self'", (await form.AllHeadersAsync())["content-security-policy"]);
        Assert.True(session.Errors.Count == 0, string.Join('\n', session.Errors));
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_Secure_and_SameSite_and_every_page_runs_under_the_security_headers()
    {
        await using var session = await StartAsync();
        await session.SignInAsync("admin", app.AdminPassword);
        var page = await session.NewPageAsync();

        var response = await page.GotoAsync("/stores");
        await page.GotoAsync("/alerts");
        await Expect(page.Locator("[data-live=connected]")).ToBeVisibleAsync();

        var cookie = (await session.CookiesAsync()).Single(c => c.Name == "storealerts.session");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Contains("script-src 'self'", headers["content-security-policy"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        // A Content-Security-Policy violation is a console error: the live page (circuit, WebSocket) has none.
        Assert.True(session.Errors.Count == 0, string.Join('\n', session.Errors));
    }

    [Fact]
    public async Task Without_a_session_or_a_token_the_api_is_a_401_problem_and_the_pages_send_to_the_provider()
    {
        using var gateway = app.CreateAnonymousClient(ResourceNames.Gateway);

        using var api = await gateway.GetAsync("/services/store/api/stores", TestContext.Current.CancellationToken);
        using var alerts = await gateway.GetAsync("/services/alert/api/store-alerts", TestContext.Current.CancellationToken);
        using var home = await gateway.GetAsync("/", TestContext.Current.CancellationToken);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.BaseAddress };
        using var stores = await noRedirect.GetAsync("/stores", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, alerts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.Redirect, stores.StatusCode);
        // To the provider's authorization endpoint through the gateway (ADR-013), never to the provider's own address.
        Assert.Matches(new Regex("/connect/authorize\\?.*code_challenge_method=S256"), stores.Headers.Location!.ToString());
        Assert.StartsWith($"{gateway.BaseAddress!.GetLeftPart(UriPartial.Authority)}/auth/connect/authorize?", stores.Headers.Location!.ToString());
    }

    private SystemApi Api => new(app);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task<BrowserSession> StartAsync()
    {
        Assert.SkipWhen(browser.SkipReason is not null, browser.SkipReason ?? "");
        return await BrowserSession.StartAsync(browser.Browser, app.App.GetEndpoint(ResourceNames.Gateway, "http"));
    }
}
