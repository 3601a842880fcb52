using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Keycloak in a container, with the official integration's image, endpoints, variables and health check.</summary>
public sealed class KeycloakResource(string name, ParameterResource? admin, ParameterResource adminPassword) : ContainerResource(name), IResourceWithServiceDiscovery
{
    public const string HttpEndpointName = "http";
    public const string ManagementEndpointName = "management";

    public ParameterResource? AdminUserNameParameter { get; } = admin;

    public ParameterResource AdminPasswordParameter { get; } = adminPassword;

    /// <summary>The administrator's name: the parameter when given, else <c>admin</c>.</summary>
    public ReferenceExpression AdminReference => AdminUserNameParameter is { } parameter
        ? ReferenceExpression.Create($"{parameter}")
        : ReferenceExpression.Create($"admin");

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);
}

public static class KeycloakResourceBuilderExtensions
{
    public const string ImportDirectory = "/opt/keycloak/data/import";
    private const int ContainerUser = 1000;

    public static IResourceBuilder<KeycloakResource> AddKeycloak(this IDistributedApplicationBuilder builder, string name, int? port = null,
        IResourceBuilder<ParameterResource>? adminUsername = null, IResourceBuilder<ParameterResource>? adminPassword = null)
    {
        var password = adminPassword?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var resource = new KeycloakResource(name, adminUsername?.Resource, password);
        var keycloak = builder.AddResource(resource)
            .WithImage("keycloak/keycloak", "26.2")
            .WithImageRegistry("quay.io")
            .WithHttpEndpoint(port: port, targetPort: 8080)
            .WithHttpEndpoint(targetPort: 9000, name: KeycloakResource.ManagementEndpointName)
            .WithHttpHealthCheck(endpointName: KeycloakResource.ManagementEndpointName, path: "/health/ready")
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["KC_BOOTSTRAP_ADMIN_USERNAME"] = resource.AdminReference;
                context.EnvironmentVariables["KC_BOOTSTRAP_ADMIN_PASSWORD"] = resource.AdminPasswordParameter;
                context.EnvironmentVariables["KC_HEALTH_ENABLED"] = "true";
            })
            .WithUrlForEndpoint(KeycloakResource.ManagementEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        return keycloak.WithArgs(builder.ExecutionContext.IsRunMode ? "start-dev" : "start").WithArgs("--import-realm");
    }

    public static IResourceBuilder<KeycloakResource> WithDataVolume(this IResourceBuilder<KeycloakResource> builder, string? name = null) =>
        builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/opt/keycloak/data", false);

    /// <summary>Copies a realm file (or a folder of them) into the container's import folder; Keycloak imports it on start.</summary>
    public static IResourceBuilder<KeycloakResource> WithRealmImport(this IResourceBuilder<KeycloakResource> builder, string import) =>
        builder.WithContainerFiles(ImportDirectory, Path.GetFullPath(import, builder.ApplicationBuilder.AppHostDirectory), defaultOwner: ContainerUser);
}
