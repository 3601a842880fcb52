using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Gateway.Tests;

/// <summary>
/// The identity provider forwarded under <c>/auth</c> (ADR-013), against an echo standing in for it: the path is kept,
/// only the provider's own cookies and no token of the user's reach it, only its public paths are forwarded, its form
/// posts pass, and its own Content-Security-Policy is kept.
/// </summary>
public sealed class IdentityProxyTests : IAsyncLifetime
{
    private EchoBackend _provider = default!;
    private GatewayUnderTest _gateway = default!;
    private HttpClient _client = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await EchoBackend.StartAsync("identity");
        _gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Gateway:IdentityProxy:Address"] = _provider.Url,
            ["Gateway:IdentityProxy:PathPrefix"] = "/auth",
            ["Gateway:IdentityProxy:Paths:0"] = "connect",
            ["Gateway:IdentityProxy:Paths:1"] = "account",
        });
        // Cookies are written by hand: the browser sends every cookie of the gateway's origin whose path matches.
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _gateway.Client.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_in_browser_s_request_reaches_the_provider_with_the_prefix_its_own_cookies_only_and_no_token()
    {
        var antiforgery = _gateway.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/connect/authorize?client_id=gateway&scope=openid");
        request.Headers.Add("Cookie", string.Join("; ",
            _gateway.SessionCookie("admin", "user"),
            "storealerts.sessionC1=chunk",
            $"{antiforgery}=gateway-form",
            ".AspNetCore.Correlation.abc=N",
            "storealerts.identity=CfDJ8+/a=b",
            "KEYCLOAK_SESSION=realm/abc"));

        using var response = await _client.SendAsync(request, Ct);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("identity", echoed.Backend);
        Assert.Equal("/auth/connect/authorize", echoed.Path);
        Assert.Equal("?client_id=gateway&scope=openid", echoed.Query);
        // The provider's cookies byte for byte; none of the gateway's (session, its chunks, antiforgery, correlation).
        Assert.Equal("storealerts.identity=CfDJ8+/a=b; KEYCLOAK_SESSION=realm/abc", echoed.Headers["cookie"]);
        Assert.DoesNotContain("authorization", echoed.Headers.Keys);
        // What the provider builds its public URLs from.
        Assert.Equal(_client.BaseAddress!.Authority, echoed.Headers["x-forwarded-host"]);
        Assert.Equal("http", echoed.Headers["x-forwarded-proto"]);
    }

    [Fact]
    public async Task The_sign_in_form_s_post_and_a_caller_s_own_bearer_token_pass_through()
    {
        using var form = new HttpRequestMessage(HttpMethod.Post, "/auth/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "user", ["password"] = "secret" }),
        };
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/auth/connect/userinfo");
        userInfo.Headers.Add("Authorization", "Bearer the-caller-s-own");

        using var posted = await _client.SendAsync(form, Ct);
        using var asked = await _client.SendAsync(userInfo, Ct);

        // No antiforgery check of the gateway's own: the provider's form carries the provider's token.
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("username=user&password=secret", (await EchoedRequest.ReadAsync(posted)).Body);
        Assert.Equal("Bearer the-caller-s-own", (await EchoedRequest.ReadAsync(asked)).Headers["authorization"]);
    }

    [Theory]
    [InlineData("/auth/admin/master/console/")]
    [InlineData("/auth/health")]
    [InlineData("/auth")]
    public async Task A_path_of_the_provider_not_on_the_list_is_a_404_problem_and_never_forwarded(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, _provider.Requests);
    }

    [Fact]
    public async Task The_provider_s_own_content_security_policy_is_kept_and_a_page_without_one_gets_the_gateway_s()
    {
        using var own = new HttpRequestMessage(HttpMethod.Get, "/auth/account/login");
        own.Headers.Add("X-Echo-Csp", "frame-src 'self'; frame-ancestors 'self'; object-src 'none';");

        using var withOwn = await _client.SendAsync(own, Ct);
        using var without = await _client.GetAsync("/auth/account/login", Ct);
        using var page = await _client.GetAsync("/", Ct);
        using var fromService = new HttpRequestMessage(HttpMethod.Get, "/services/store/api/stores");
        fromService.Headers.Add("X-Echo-Csp", "script-src *");
        using var service = await _client.SendAsync(fromService, Ct);

        Assert.Equal("frame-src 'self'; frame-ancestors 'self'; object-src 'none';", withOwn.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", withOwn.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(page.Headers.GetValues("Content-Security-Policy").Single(), without.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", without.Headers.GetValues("Content-Security-Policy").Single());
        // Only the provider's pages: a service cannot loosen the gateway's policy.
        Assert.Equal(page.Headers.GetValues("Content-Security-Policy").Single(), service.Headers.GetValues("Content-Security-Policy").Single());
    }
}
