using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StoreAlerts.Gateway.SignIn;

namespace StoreAlerts.Gateway.Tests;

/// <summary>
/// The real gateway on a real Kestrel port, with service discovery pointed at two echo backends
/// the way the AppHost points it at the services (<c>services__store__http__0</c>).
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private GatewayUnderTest(WebApplicationFactory<Program> factory, EchoBackend store, EchoBackend alert)
    {
        _factory = factory;
        Store = store;
        Alert = alert;
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var cookies = new CookieContainer();
        var session = SessionCookie("admin", "user").Split('=', 2);
        cookies.Add(new Uri(address), new Cookie(session[0], session[1]));
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(address) };
    }

    public EchoBackend Store { get; }

    /// <summary>The gateway's services (its options, as the running gateway has them).</summary>
    public IServiceProvider Services => _factory.Services;

    public EchoBackend Alert { get; }

    /// <summary>A client signed in as an <c>admin</c> (see <see cref="SessionCookie"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>The access token the signed-in session holds: what the services must receive from the UI and the proxy.</summary>
    public const string AccessToken = "session-access-token";

    /// <summary>
    /// A session cookie as the gateway writes it after an OpenID Connect sign-in (its own ticket format and keys), for a
    /// session holding <see cref="AccessToken"/>. The provider's round trip itself is proved in the browser tests.
    /// </summary>
    public string SessionCookie(params string[] roles)
    {
        var sessions = _factory.Services.GetRequiredService<UserSessions>();
        var id = sessions.Start(new UserSession(AccessToken, null, null, DateTimeOffset.UtcNow.AddHours(1)));
        var identity = new ClaimsIdentity(
            [new Claim("name", "tester"), new Claim(UserSessions.SessionClaim, id), .. roles.Select(r => new Claim("role", r))],
            "oidc", "name", "role");
        var options = _factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme));
        return $"{options.Cookie.Name}={ticket}";
    }

    public static async Task<GatewayUnderTest> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var store = await EchoBackend.StartAsync("store");
        var alert = await EchoBackend.StartAsync("alert");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("services:store:http:0", store.Url);
            web.UseSetting("services:alert:http:0", alert.Url);
            // Never reached: every request here is either signed in already or an API call the services judge.
            web.UseSetting("Identity:Authority", "http://127.0.0.1:9/");
            web.UseSetting("Identity:ClientSecret", "unused");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        return new GatewayUnderTest(factory, store, alert);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Store.DisposeAsync();
        await Alert.DisposeAsync();
    }
}
