using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>
/// The OpenID Connect provider the services trust and the gateway signs users in with, whatever runs it: its authority
/// (issuer URL), the gateway's client, and the resource to wait for (none for an external provider).
/// </summary>
public sealed class IdentityProvider
{
    public required ReferenceExpression Authority { get; init; }
    public required IResourceBuilder<ParameterResource> GatewayClientId { get; init; }
    public required IResourceBuilder<ParameterResource> GatewayClientSecret { get; init; }
    public IResourceBuilder<IResourceWithEnvironment>? Resource { get; init; }

    /// <summary>The secret of <c>storealerts-service</c>, the client the AppHost's own commands sign in as; null for an external provider.</summary>
    public IResourceBuilder<ParameterResource>? ServiceClientSecret { get; init; }

    /// <summary>Tells the provider where the gateway is, for its redirect URIs (local mode; the realm lists Keycloak's).</summary>
    public Action<EndpointReference> AllowGateway { get; init; } = _ => { };
}
