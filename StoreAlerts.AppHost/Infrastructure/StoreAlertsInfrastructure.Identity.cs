using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Infrastructure;

public sealed partial class StoreAlertsInfrastructure
{
    public const string Realm = "storealerts";

    /// <summary>
    /// Keycloak with the repository's realm in containers mode, the StoreAlerts.Identity project (OpenIddict) in local mode,
    /// and in external mode any provider named by <c>Parameters:identity-authority</c> (ADR-009). The users' and clients'
    /// secrets are generated parameters, kept in the AppHost's user secrets and shown on the dashboard.
    /// </summary>
    public IdentityProvider AddIdentityProvider()
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
        if (Mode == InfrastructureMode.Local)
        {
            var identity = _builder.AddProject<Projects.StoreAlerts_Identity>(ResourceNames.Identity)
                .WithEnvironment("Identity__DataDirectory", Path.Combine(DataDirectory, "identity"))
                .WithEnvironment("Identity__Users__admin__Password", adminPassword)
                .WithEnvironment("Identity__Users__user__Password", userPassword)
                .WithEnvironment("Identity__Clients__gateway__Secret", gatewaySecret)
                .WithEnvironment("Identity__Clients__storealerts-service__Secret", serviceSecret)
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/health");
            var endpoint = identity.GetEndpoint("http");
            return new IdentityProvider
            {
                Authority = ReferenceExpression.Create($"{endpoint}"),
                GatewayClientId = gatewayClientId,
                GatewayClientSecret = gatewaySecret,
                ServiceClientSecret = serviceSecret,
                Resource = identity,
                AllowGateway = gateway => identity.WithEnvironment("Identity__Clients__gateway__BaseUrl", gateway),
            };
        }

        var keycloak = _builder.AddKeycloak(ResourceNames.Identity, port: null)
            .WithRealmImport("Realm")
            .WithEnvironment("STOREALERTS_GATEWAY_SECRET", gatewaySecret)
            .WithEnvironment("STOREALERTS_SERVICE_SECRET", serviceSecret)
            .WithEnvironment("STOREALERTS_ADMIN_PASSWORD", adminPassword)
            .WithEnvironment("STOREALERTS_USER_PASSWORD", userPassword)
            .WithExternalHttpEndpoints();
        if (IsRunMode)
        {
            keycloak.WithDataVolume();
        }

        return new IdentityProvider
        {
            Authority = ReferenceExpression.Create($"{keycloak.Resource.HttpEndpoint}/realms/{Realm}"),
            GatewayClientId = gatewayClientId,
            GatewayClientSecret = gatewaySecret,
            Resource = keycloak,
            AllowGateway = gateway => keycloak.WithEnvironment("STOREALERTS_GATEWAY_URL", gateway),
        };
    }

    private IResourceBuilder<ParameterResource> Generated(string name) =>
        _builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
