namespace StoreAlerts.AppHost.Tests.Model;

/// <summary>Builds the AppHost's model without starting anything, and reads it back.</summary>
internal static class AppModel
{
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.StoreAlerts_AppHost>(
            [.. args, $"StoreAlerts:DataDirectory={Path.Combine(Path.GetTempPath(), "storealerts-model-never-started")}"],
            TestContext.Current.CancellationToken);

    public static T Resource<T>(this IDistributedApplicationTestingBuilder builder, string name) where T : IResource =>
        Assert.IsAssignableFrom<T>(Assert.Single(builder.Resources, r => r.Name == name));

    /// <summary>The environment as the manifest would describe it: references stay visible as <c>{name.connectionString}</c>.</summary>
    public static Task<Dictionary<string, string>> EnvironmentAsync(this IDistributedApplicationTestingBuilder builder, string project) =>
        builder.Resource<ProjectResource>(project).PublishedEnvironmentAsync();

#pragma warning disable CS0618 // Its replacement, ExecutionConfigurationBuilder, needs a running app's services; this reads the bare model.
    public static async Task<Dictionary<string, string>> PublishedEnvironmentAsync(this IResourceWithEnvironment resource) =>
        await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);

    public static async Task<string[]> ArgumentsAsync(this IResourceWithArgs resource) =>
        await resource.GetArgumentValuesAsync();
#pragma warning restore CS0618

    public static EndpointAnnotation Endpoint(this IResource resource, string name) =>
        Assert.Single(resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == name);

    public static string? Image(this IResource resource) =>
        resource.Annotations.OfType<ContainerImageAnnotation>().SingleOrDefault() is { } image ? $"{image.Image}:{image.Tag}" : null;

    public static bool IsExcludedFromManifest(this IResource resource) =>
        resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Any(a => a.Callback is null);
}
