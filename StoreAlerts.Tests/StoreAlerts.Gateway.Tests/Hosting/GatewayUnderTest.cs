using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    public EchoBackend Store { get; }

    public EchoBackend Alert { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayUnderTest> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var store = await EchoBackend.StartAsync("store");
        var alert = await EchoBackend.StartAsync("alert");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("services:store:http:0", store.Url);
            web.UseSetting("services:alert:http:0", alert.Url);
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
