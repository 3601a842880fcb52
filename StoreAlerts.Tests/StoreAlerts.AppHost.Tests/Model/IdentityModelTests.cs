using StoreAlerts.AppHost.Infrastructure;

namespace StoreAlerts.AppHost.Tests.Model;

/// <summary>The sign-in provider in each mode and what the services are told about it.</summary>
public class IdentityModelTests
{
    [Fact]
    public async Task Containers_mode_runs_keycloak_with_the_official_integration_s_image_endpoints_variables_and_health_check()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=containers");

        var keycloak = builder.Resource<KeycloakResource>(ResourceNames.Identity);
        var env = await keycloak.PublishedEnvironmentAsync();

        // The official Aspire.Hosting.Keycloak values: quay.io/keycloak/keycloak:26.2, http 8080, management 9000,
        // KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD (admin, a generated "<name>-password"), KC_HEALTH_ENABLED, start-dev --import-realm.
        Assert.Equal("quay.io/keycloak/keycloak:26.2", $"{keycloak.Annotations.OfType<ContainerImageAnnotation>().Single().Registry}/{keycloak.Image()}");
        Assert.Equal(8080, keycloak.Endpoint("http").TargetPort);
        Assert.Equal(9000, keycloak.Endpoint("management").TargetPort);
        Assert.Equal("admin", env["KC_BOOTSTRAP_ADMIN_USERNAME"]);
        Assert.Equal("{identity-password.value}", env["KC_BOOTSTRAP_ADMIN_PASSWORD"]);
        Assert.Equal("true", env["KC_HEALTH_ENABLED"]);
        Assert.Equal(["start-dev", "--import-realm"], await keycloak.ArgumentsAsync());
        Assert.Contains(keycloak.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.StartsWith("identity_management", StringComparison.Ordinal));
        Assert.Contains(keycloak.Annotations.OfType<ContainerFileSystemCallbackAnnotation>(), f => f.DestinationPath == KeycloakResourceBuilderExtensions.ImportDirectory);
        // The realm's placeholders, filled from the generated parameters.
        Assert.Equal("{gateway-client-secret.value}", env["STOREALERTS_GATEWAY_SECRET"]);
        Assert.Equal("{service-client-secret.value}", env["STOREALERTS_SERVICE_SECRET"]);
        Assert.Equal("{admin-password.value}", env["STOREALERTS_ADMIN_PASSWORD"]);
        Assert.Equal("{user-password.value}", env["STOREALERTS_USER_PASSWORD"]);
        Assert.Equal("{gateway.bindings.http.url}", env["STOREALERTS_GATEWAY_URL"]);
        // Behind the gateway (ADR-013; Keycloak's reverse-proxy and hostname v2 guides): served under /auth, the issuer and
        // the front channel fixed to the gateway's URL, the back channel from the request (internal), X-Forwarded-* read,
        // plain http inside, health on the management port at its root.
        Assert.Equal("/auth", env["KC_HTTP_RELATIVE_PATH"]);
        Assert.Equal("{gateway.bindings.http.url}/auth", env["KC_HOSTNAME"]);
        Assert.Equal("true", env["KC_HOSTNAME_BACKCHANNEL_DYNAMIC"]);
        Assert.Equal("xforwarded", env["KC_PROXY_HEADERS"]);
        Assert.Equal("true", env["KC_HTTP_ENABLED"]);
        Assert.Equal("/", env["KC_HTTP_MANAGEMENT_RELATIVE_PATH"]);
        Assert.Equal("{identity.bindings.http.url}/auth", env["KC_HOSTNAME_ADMIN"]);
        Assert.DoesNotContain(keycloak.Annotations.OfType<EndpointAnnotation>(), e => e.IsExternal);

        var gateway = await builder.EnvironmentAsync(ResourceNames.Gateway);
        Assert.Equal("{gateway.bindings.http.url}/auth/realms/storealerts", gateway["Identity__Authority"]);
        Assert.Equal("{identity.bindings.http.url}/auth/realms/storealerts/.well-known/openid-configuration", gateway["Identity__MetadataAddress"]);
        Assert.Equal("{gateway-client-secret.value}", gateway["Identity__ClientSecret"]);
        Assert.Equal("{identity.bindings.http.url}", gateway["Gateway__IdentityProxy__Address"]);
        Assert.Equal("/auth", gateway["Gateway__IdentityProxy__PathPrefix"]);
        // Keycloak's recommended exposed paths: not /auth/admin, /auth/health or /auth/metrics.
        Assert.Equal(["realms", "resources"], [gateway["Gateway__IdentityProxy__Paths__0"], gateway["Gateway__IdentityProxy__Paths__1"]]);
        Assert.DoesNotContain("Gateway__IdentityProxy__Paths__2", gateway.Keys);
        foreach (var service in new[] { ResourceNames.Store, ResourceNames.Alert })
        {
            var serviceEnv = await builder.EnvironmentAsync(service);
            Assert.Equal("{gateway.bindings.http.url}/auth/realms/storealerts", serviceEnv["Identity__Authority"]);
            Assert.Equal("{identity.bindings.http.url}/auth/realms/storealerts/.well-known/openid-configuration", serviceEnv["Identity__MetadataAddress"]);
        }
    }

    [Fact]
    public async Task Local_mode_runs_the_identity_project_with_generated_passwords_and_its_data_in_the_data_folder()
    {
        await using var builder = await AppModel.CreateAsync("Infrastructure=local");

        var env = await builder.EnvironmentAsync(ResourceNames.Identity);

        Assert.EndsWith($"{Path.DirectorySeparatorChar}identity", env["Identity__DataDirectory"]);
        Assert.Equal("{admin-password.value}", env["Identity__Users__admin__Password"]);
        Assert.Equal("{user-password.value}", env["Identity__Users__user__Password"]);
        Assert.Equal("{gateway-client-secret.value}", env["Identity__Clients__gateway__Secret"]);
        Assert.Equal("{service-client-secret.value}", env["Identity__Clients__storealerts-service__Secret"]);
        Assert.Equal("{gateway.bindings.http.url}", env["Identity__Clients__gateway__BaseUrl"]);
        Assert.Equal("/auth", env["Identity__PathBase"]);
        Assert.Equal("{gateway.bindings.http.url}/auth", env["Identity__Issuer"]);
        Assert.DoesNotContain(builder.Resource<ProjectResource>(ResourceNames.Identity).Annotations.OfType<EndpointAnnotation>(), e => e.IsExternal);
        Assert.All(["admin-password", "user-password", "gateway-client-secret", "service-client-secret"],
            name => Assert.True(builder.Resource<ParameterResource>(name).Secret, name));
        foreach (var service in new[] { ResourceNames.Store, ResourceNames.Alert, ResourceNames.Gateway })
        {
            var serviceEnv = await builder.EnvironmentAsync(service);
            Assert.Equal("{gateway.bindings.http.url}/auth", serviceEnv["Identity__Authority"]);
            Assert.Equal("{identity.bindings.http.url}/auth/.well-known/openid-configuration", serviceEnv["Identity__MetadataAddress"]);
        }

        var gateway = await builder.EnvironmentAsync(ResourceNames.Gateway);
        Assert.Equal("{identity.bindings.http.url}", gateway["Gateway__IdentityProxy__Address"]);
        Assert.Equal(["connect", "account", ".well-known"],
            [gateway["Gateway__IdentityProxy__Paths__0"], gateway["Gateway__IdentityProxy__Paths__1"], gateway["Gateway__IdentityProxy__Paths__2"]]);
    }

    [Fact]
    public async Task External_mode_takes_the_provider_from_configuration()
    {
        await using var builder = await ExternalModelTests.CreateExternalAwareAsync("external");

        var gateway = await builder.EnvironmentAsync(ResourceNames.Gateway);

        Assert.DoesNotContain(builder.Resources, r => r.Name == ResourceNames.Identity);
        Assert.Equal("{identity-authority.value}", gateway["Identity__Authority"]);
        Assert.Equal("{gateway-client-id.value}", gateway["Identity__ClientId"]);
        Assert.Equal("{gateway-client-secret.value}", gateway["Identity__ClientSecret"]);
        Assert.Equal("{identity-authority.value}", (await builder.EnvironmentAsync(ResourceNames.Alert))["Identity__Authority"]);
        // The provider is elsewhere: its metadata is read from the authority, and the gateway forwards nothing to it.
        Assert.DoesNotContain("Identity__MetadataAddress", gateway.Keys);
        Assert.DoesNotContain(gateway.Keys, key => key.StartsWith("Gateway__IdentityProxy", StringComparison.Ordinal));
    }
}
