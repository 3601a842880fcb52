using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

public static class IdentityProviderExtensions
{
    /// <summary>
    /// A service that accepts the provider's tokens: <c>Identity__Authority</c> is the issuer they must carry,
    /// <c>Identity__MetadataAddress</c> the provider's internal address its keys are read from (so no service needs the
    /// gateway up to start). Started once the provider is up.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithIdentityProvider(this IResourceBuilder<ProjectResource> service, IdentityProvider provider)
    {
        service.WithEnvironment("Identity__Authority", provider.Authority);
        if (provider.MetadataAddress is { } metadata)
        {
            service.WithEnvironment("Identity__MetadataAddress", metadata);
        }

        return provider.Resource is { } resource ? service.WaitFor(resource) : service;
    }

    /// <summary>The gateway: it signs users in as the provider's <c>gateway</c> client and forwards the provider's public paths.</summary>
    public static IResourceBuilder<ProjectResource> WithSignIn(this IResourceBuilder<ProjectResource> gateway, IdentityProvider provider)
    {
        gateway.WithIdentityProvider(provider)
            .WithEnvironment("Identity__ClientId", provider.GatewayClientId)
            .WithEnvironment("Identity__ClientSecret", provider.GatewayClientSecret);
        if (provider.Address is { } address)
        {
            gateway.WithEnvironment("Gateway__IdentityProxy__Address", address)
                .WithEnvironment("Gateway__IdentityProxy__PathPrefix", IdentityProvider.PathPrefix);
            for (var i = 0; i < provider.PublicPaths.Count; i++)
            {
                gateway.WithEnvironment($"Gateway__IdentityProxy__Paths__{i}", provider.PublicPaths[i]);
            }
        }

        return gateway;
    }
}
