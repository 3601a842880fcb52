using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StoreAlerts.Identity.Server;

/// <summary>
/// Creates the database on the first start and brings the registered clients in line with <c>Identity:Clients</c>
/// on every start (a new gateway address or a new generated secret takes effect at once).
/// </summary>
public sealed class ClientRegistration(IServiceProvider services, IOptions<IdentityServerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var (clientId, client) in options.Value.Clients)
        {
            if (client.Secret.Length == 0)
            {
                continue;
            }

            var descriptor = Describe(clientId, client);
            if (await manager.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                await manager.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await manager.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static OpenIddictApplicationDescriptor Describe(string clientId, ClientOptions client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = clientId,
            Permissions = { Permissions.Endpoints.Token },
        };
        if (client.BaseUrl is { Length: > 0 } baseUrl)
        {
            var root = baseUrl.TrimEnd('/');
            descriptor.RedirectUris.Add(new Uri($"{root}/signin-oidc"));
            descriptor.PostLogoutRedirectUris.Add(new Uri($"{root}/signout-callback-oidc"));
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Roles, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        return descriptor;
    }
}
