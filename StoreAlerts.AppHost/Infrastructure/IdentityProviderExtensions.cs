using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

public static class IdentityProviderExtensions
{
    /// <summary>A service that accepts the provider's tokens (<c>Identity__Authority</c>), started once the provider is up.</summary>
    public static IResourceBuilder<ProjectResource> WithIdentityProvider(this IResourceBuilder<ProjectResource> service, IdentityProvider provider)
    {
        service.WithEnvironment("Identity__Authority", provider.Authority);
        return provider.Resource is { } resource ? service.WaitFor(resource) : service;
    }

    /// <summary>The gateway: it also signs users in as the provider's <c>gateway</c> client.</summary>
    public static IResourceBuilder<ProjectResource> WithSignIn(this IResourceBuilder<ProjectResource> gateway, IdentityProvider provider)
    {
        provider.AllowGateway(gateway.GetEndpoint("http"));
        return gateway.WithIdentityProvider(provider)
            .WithEnvironment("Identity__ClientId", provider.GatewayClientId)
            .WithEnvironment("Identity__ClientSecret", provider.GatewayClientSecret);
    }
}
