using System.Net;

namespace StoreAlerts.Gateway.Tests;

/// <summary>What the services receive from a signed-in browser and from a script, and what a signed-in <c>user</c> may open.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync();

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_signed_in_browser_s_request_reaches_the_service_with_the_session_s_token_and_without_the_cookie()
    {
        using var response = await _gateway.Client.GetAsync("/services/store/api/stores", Ct);

        var echoed = await EchoedRequest.ReadAsync(response);
        Assert.Equal($"Bearer {GatewayUnderTest.AccessToken}", echoed.Headers["authorization"]);
        Assert.DoesNotContain("cookie", echoed.Headers.Keys);
    }

    [Fact]
    public async Task A_script_s_own_bearer_token_is_passed_through_unchanged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/services/alert/api/store-alerts");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer script-token");

        using var response = await _gateway.Client.SendAsync(request, Ct);

        Assert.Equal("Bearer script-token", (await EchoedRequest.ReadAsync(response)).Headers["authorization"]);
    }

    [Fact]
    public async Task Without_a_session_nothing_is_added_and_a_forged_session_cookie_counts_for_nothing()
    {
        using var anonymous = new HttpClient { BaseAddress = _gateway.Client.BaseAddress };
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/services/store/api/stores");
        forged.Headers.TryAddWithoutValidation("Cookie", "storealerts.session=not-a-ticket");

        using var plain = await anonymous.GetAsync("/services/store/api/stores", Ct);
        using var withForgedCookie = await anonymous.SendAsync(forged, Ct);

        Assert.DoesNotContain("authorization", (await EchoedRequest.ReadAsync(plain)).Headers.Keys);
        Assert.DoesNotContain("authorization", (await EchoedRequest.ReadAsync(withForgedCookie)).Headers.Keys);
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_an_admin_is_sent_to_the_not_allowed_page_from_the_edit_pages()
    {
        using var userClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _gateway.Client.BaseAddress };
        userClient.DefaultRequestHeaders.Add("Cookie", _gateway.SessionCookie("user"));

        using var response = await userClient.GetAsync("/stores/new", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        foreach (var path in new[] { "/", "/stores", "/services/store/api/stores", "/no-such-page" })
        {
            using var response = await _gateway.Client.GetAsync(path, Ct);

            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }
}
