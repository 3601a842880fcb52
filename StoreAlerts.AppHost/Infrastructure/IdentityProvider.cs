using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

/// <summary>
/// The OpenID Connect provider the services trust and the gateway signs users in with, whatever runs it: its authority
/// (the issuer tokens carry), where its metadata is read from, the gateway's client, and the resource to wait for (none
/// for an external provider). A provider the AppHost runs is served through the gateway under <see cref="PathPrefix"/>
/// (ADR-013): its authority is the gateway's public URL plus the prefix, its own endpoint stays internal.
/// </summary>
public sealed class IdentityProvider
{
    /// <summary>The path the gateway forwards to the provider, kept on the forwarded requests so the provider serves under it.</summary>
    public const string PathPrefix = "/auth";

    public required ReferenceExpression Authority { get; init; }
    public required IResourceBuilder<ParameterResource> GatewayClientId { get; init; }
    public required IResourceBuilder<ParameterResource> GatewayClientSecret { get; init; }
    public IResourceBuilder<IResourceWithEnvironment>? Resource { get; init; }

    /// <summary>The discovery document at the provider's internal address; null for an external provider (read from the authority).</summary>
    public ReferenceExpression? MetadataAddress { get; init; }

    /// <summary>The provider's internal address, which the gateway forwards <see cref="PathPrefix"/> to; null for an external provider.</summary>
    public EndpointReference? Address { get; init; }

    /// <summary>The first segments under <see cref="PathPrefix"/> the gateway forwards: what browsers and scripts need, nothing else.</summary>
    public IReadOnlyList<string> PublicPaths { get; init; } = [];

    /// <summary>The secret of <c>storealerts-service</c>, the client the AppHost's own commands sign in as; null for an external provider.</summary>
    public IResourceBuilder<ParameterResource>? ServiceClientSecret { get; init; }

    /// <summary>Where a client reads the provider's metadata: the internal address when there is one, else the authority's discovery document.</summary>
    public ReferenceExpression DiscoveryDocument => MetadataAddress ?? ReferenceExpression.Create($"{Authority}/.well-known/openid-configuration");
}
