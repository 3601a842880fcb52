using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using StoreAlerts.Gateway.SignIn;
using StoreAlerts.Testing;

namespace StoreAlerts.Gateway.Tests;

/// <summary>
/// The gateway against the real identity provider (<c>StoreAlerts.Identity</c>, as its own process, with access tokens
/// that live <see cref="Lifetime"/>): a signed-in person's token is refreshed before it expires, what the services
/// receive is always a token that is valid now, a refresh the provider refuses ends the session instead of forwarding
/// a token that is about to expire, and a provider that cannot be reached for a while signs nobody out.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TokenRefreshTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(90);
    private static readonly string AdminPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("storealerts-identity-");
    private readonly Dictionary<string, string> _identitySettings = [];
    private ServiceProcess _identity = null!;
    private GatewayUnderTest _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var gatewaySecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _identity = new ServiceProcess("StoreAlerts.Identity", _identitySettings);
        _gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Identity:Authority"] = _identity.BaseAddress.ToString(),
            ["Identity:ClientSecret"] = gatewaySecret,
        });
        _identitySettings["Identity__DataDirectory"] = _data.FullName;
        _identitySettings["Identity__AccessTokenLifetime"] = Lifetime.ToString();
        _identitySettings["Identity__Users__admin__Password"] = AdminPassword;
        _identitySettings["Identity__Clients__gateway__Secret"] = gatewaySecret;
        _identitySettings["Identity__Clients__gateway__BaseUrl"] = _gateway.Client.BaseAddress!.ToString();
        await _identity.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identity.DisposeAsync();
        _data.Delete(recursive: true);
    }

    [Fact]
    public async Task The_access_token_is_refreshed_before_it_expires_and_the_services_always_get_one_that_is_valid_now()
    {
        using var browser = await SignedInAsync();

        var first = await ForwardedTokenAsync(browser);
        var again = await ForwardedTokenAsync(browser);
        Assert.Equal(first, again); // not one refresh per request

        // Inside the refresh margin, the gateway fetches a new token before it forwards.
        await WaitUntilAsync(Expiry(first) - UserSessions.RefreshBefore + TimeSpan.FromSeconds(5));
        var refreshed = await ForwardedTokenAsync(browser);
        Assert.NotEqual(first, refreshed);
        Assert.True(Expiry(refreshed) > Expiry(first), $"The new token ends at {Expiry(refreshed):O}, the first at {Expiry(first):O}.");
        Assert.Equal("admin", new JsonWebToken(refreshed).Subject);
        await AssertValidNowAsync(refreshed);

        // Past the first token's end: the provider's keys refuse it, and what the gateway forwards is still valid.
        await WaitUntilAsync(Expiry(first) + TimeSpan.FromSeconds(1));
        var later = await ForwardedTokenAsync(browser);
        Assert.NotEqual(first, later);
        await AssertValidNowAsync(later);
        var expired = await Assert.ThrowsAsync<SecurityTokenExpiredException>(() => AssertValidNowAsync(first));
        Assert.NotNull(expired);
    }

    [Fact]
    public async Task A_refresh_the_provider_refuses_ends_the_session_and_nothing_expiring_is_forwarded()
    {
        using var browser = await SignedInAsync();
        var first = await ForwardedTokenAsync(browser);

        // The provider loses its data (a reset, a new database): the refresh token it issued means nothing any more.
        _identity.Kill();
        foreach (var file in _data.GetFiles("identity.db*"))
        {
            file.Delete();
        }

        await _identity.StartAsync();
        await WaitUntilAsync(Expiry(first) - UserSessions.RefreshBefore + TimeSpan.FromSeconds(5));

        // The first token still has most of a minute to live, but the session is over: the service gets no token (and answers 401).
        using (var api = await browser.GetAsync("/services/store/api/stores", Ct))
        {
            Assert.DoesNotContain("authorization", (await EchoedRequest.ReadAsync(api)).Headers.Keys);
        }

        using (var home = await browser.GetAsync("/", Ct))
        {
            var page = await home.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("Signed in as", page);
            Assert.Contains("/account/signin", page);
        }

        using var again = await browser.GetAsync("/services/alert/api/store-alerts", Ct);
        Assert.DoesNotContain("authorization", (await EchoedRequest.ReadAsync(again)).Headers.Keys);
    }

    [Fact]
    public async Task While_the_provider_is_down_the_session_keeps_its_valid_token_and_refreshes_once_the_provider_is_back()
    {
        using var browser = await SignedInAsync();
        var first = await ForwardedTokenAsync(browser);

        _identity.Kill();
        await WaitUntilAsync(Expiry(first) - UserSessions.RefreshBefore + TimeSpan.FromSeconds(5));

        // The refresh is due and cannot be made: the token is still valid, so it is forwarded, and nobody is signed out.
        Assert.Equal(first, await ForwardedTokenAsync(browser));
        using (var home = await browser.GetAsync("/", Ct))
        {
            Assert.Contains("Signed in as <strong>admin</strong>", await home.Content.ReadAsStringAsync(Ct));
        }

        await _identity.StartAsync();
        var refreshed = await ForwardedTokenAsync(browser);
        Assert.NotEqual(first, refreshed);
        await AssertValidNowAsync(refreshed);
    }

    private async Task<SignInClient> SignedInAsync()
    {
        var browser = new SignInClient(_gateway.Client.BaseAddress!);
        using var home = await browser.SignInAsync("admin", AdminPassword, Ct);
        Assert.Contains("Signed in as <strong>admin</strong>", await home.Content.ReadAsStringAsync(Ct));
        return browser;
    }

    /// <summary>The bearer token the store service received for a call through the gateway with the session cookie.</summary>
    private static async Task<string> ForwardedTokenAsync(SignInClient browser)
    {
        using var response = await browser.GetAsync("/services/store/api/stores", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var authorization = (await EchoedRequest.ReadAsync(response)).Headers.GetValueOrDefault("authorization");
        Assert.NotNull(authorization);
        Assert.StartsWith("Bearer ", authorization);
        return authorization["Bearer ".Length..];
    }

    private static DateTimeOffset Expiry(string token) => new(new JsonWebToken(token).ValidTo, TimeSpan.Zero);

    /// <summary>Validates the token as the Store does (issuer, audience, signature from the published keys), with no clock skew.</summary>
    private async Task AssertValidNowAsync(string token)
    {
        var metadata = await new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(_identity.BaseAddress, ".well-known/openid-configuration").ToString(), new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(Ct);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudience = "store",
            IssuerSigningKeys = metadata.SigningKeys,
            ClockSkew = TimeSpan.Zero,
        });
        if (!result.IsValid)
        {
            throw result.Exception;
        }
    }

    private static async Task WaitUntilAsync(DateTimeOffset moment)
    {
        if (moment - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, Ct);
        }
    }
}
