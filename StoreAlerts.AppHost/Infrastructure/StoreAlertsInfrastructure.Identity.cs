using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

public sealed partial class StoreAlertsInfrastructure
{
    public const string Realm = "storealerts";

    /// <summary>
    /// Keycloak with the repository's realm in containers mode, the StoreAlerts.Identity project (OpenIddict) in local mode,
    /// and in external mode any provider named by <c>Parameters:identity-authority</c> (ADR-009). The users' and clients'
    /// secrets are generated parameters, kept in the AppHost's user secrets and shown on the dashboard. A provider run here
    /// is reached only through <paramref name="gateway"/> under <see cref="IdentityProvider.PathPrefix"/> (ADR-013): its
    /// issuer is the gateway's URL plus the prefix, and its own endpoint is internal.
    /// </summary>
    public IdentityProvider AddIdentityProvider(IResourceBuilder<ProjectResource> gateway)
    {
        if (Mode == InfrastructureMode.External)
        {
            return new IdentityProvider
            {
                Authority = ReferenceExpression.Create($"{_builder.AddParameter("identity-authority")}"),
                GatewayClientId = _builder.AddParameter("gateway-client-id", "gateway", publishValueAsDefault: true),
                GatewayClientSecret = _builder.AddParameter("gateway-client-secret", secret: true),
            };
        }

        var gatewaySecret = Generated("gateway-client-secret");
        var serviceSecret = Generated("service-client-secret");
        var adminPassword = Generated("admin-password");
        var userPassword = Generated("user-password");
        var gatewayClientId = _builder.AddParameter("gateway-client-id", "gateway", publishValueAsDefault: true);
        var gatewayUrl = gateway.GetEndpoint("http");
        var prefix = IdentityProvider.PathPrefix;
        if (Mode == InfrastructureMode.Local)
        {
            var identity = _builder.AddProject<Projects.StoreAlerts_Identity>(ResourceNames.Identity)
                .WithEnvironment("Identity__DataDirectory", Path.Combine(DataDirectory, "identity"))
                .WithEnvironment("Identity__Users__admin__Password", adminPassword)
                .WithEnvironment("Identity__Users__user__Password", userPassword)
                .WithEnvironment("Identity__Clients__gateway__Secret", gatewaySecret)
                .WithEnvironment("Identity__Clients__storealerts-service__Secret", serviceSecret)
                .WithEnvironment("Identity__Clients__gateway__BaseUrl", gatewayUrl)
                .WithEnvironment("Identity__PathBase", prefix)
                .WithEnvironment("Identity__Issuer", ReferenceExpression.Create($"{gatewayUrl}{prefix}"))
                .WithHttpHealthCheck("/health");
            var endpoint = identity.GetEndpoint("http");
            return new IdentityProvider
            {
                Authority = ReferenceExpression.Create($"{gatewayUrl}{prefix}"),
                MetadataAddress = ReferenceExpression.Create($"{endpoint}{prefix}/.well-known/openid-configuration"),
                Address = endpoint,
                PublicPaths = ["connect", "account", ".well-known"],
                GatewayClientId = gatewayClientId,
                GatewayClientSecret = gatewaySecret,
                ServiceClientSecret = serviceSecret,
                Resource = identity,
            };
        }

        var keycloak = _builder.AddKeycloak(ResourceNames.Identity, port: null)
            .WithRealmImport("Realm")
            .WithEnvironment("STOREALERTS_GATEWAY_SECRET", gatewaySecret)
            .WithEnvironment("STOREALERTS_SERVICE_SECRET", serviceSecret)
            .WithEnvironment("STOREALERTS_ADMIN_PASSWORD", adminPassword)
            .WithEnvironment("STOREALERTS_USER_PASSWORD", userPassword)
            .WithEnvironment("STOREALERTS_GATEWAY_URL", gatewayUrl)
            // Behind the gateway (Keycloak's "Configuring a reverse proxy" and "Configuring the hostname (v2)"): served
            // under the prefix, front-channel URLs and the issuer fixed to the gateway's, back-channel URLs (token, keys)
            // from the request so the services and the gateway reach it internally, plain http inside the network.
            .WithEnvironment("KC_HTTP_RELATIVE_PATH", prefix)
            .WithEnvironment("KC_HOSTNAME", ReferenceExpression.Create($"{gatewayUrl}{prefix}"))
            .WithEnvironment("KC_HOSTNAME_BACKCHANNEL_DYNAMIC", "true")
            .WithEnvironment("KC_PROXY_HEADERS", "xforwarded")
            .WithEnvironment("KC_HTTP_ENABLED", "true")
            // The management port (health) is never forwarded and keeps its root path.
            .WithEnvironment("KC_HTTP_MANAGEMENT_RELATIVE_PATH", "/");
        if (IsRunMode)
        {
            // The gateway does not forward /auth/admin: the developer opens the console at the container's own port.
            keycloak.WithEnvironment("KC_HOSTNAME_ADMIN", ReferenceExpression.Create($"{keycloak.Resource.HttpEndpoint}{prefix}"))
                .WithDataVolume();
        }

        return new IdentityProvider
        {
            Authority = ReferenceExpression.Create($"{gatewayUrl}{prefix}/realms/{Realm}"),
            MetadataAddress = ReferenceExpression.Create($"{keycloak.Resource.HttpEndpoint}{prefix}/realms/{Realm}/.well-known/openid-configuration"),
            Address = keycloak.Resource.HttpEndpoint,
            // Keycloak's recommended exposed paths behind a reverse proxy: the realms and the login theme's resources, not
            // the admin console, the health or the metrics.
            PublicPaths = ["realms", "resources"],
            GatewayClientId = gatewayClientId,
            GatewayClientSecret = gatewaySecret,
            ServiceClientSecret = serviceSecret,
            Resource = keycloak,
        };
    }

    private IResourceBuilder<ParameterResource> Generated(string name) =>
        _builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
