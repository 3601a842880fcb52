using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>MailDev in a container: an SMTP server that keeps every message and shows it in a web UI.</summary>
public sealed class MailDevResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string HttpEndpointName = "http";

    public EndpointReference SmtpEndpoint => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint=smtp://{SmtpEndpoint.Property(EndpointProperty.HostAndPort)}");
}

public static class MailDevBuilderExtensions
{
    public static IResourceBuilder<MailDevResource> AddMailDev(this IDistributedApplicationBuilder builder, string name, int? httpPort = null, int? smtpPort = null) =>
        builder.AddResource(new MailDevResource(name))
            .WithImage("maildev/maildev", "2.1.0")
            .WithImageRegistry("docker.io")
            .WithEndpoint(port: smtpPort, targetPort: 1025, name: MailDevResource.SmtpEndpointName, scheme: "smtp")
            .WithHttpEndpoint(port: httpPort, targetPort: 1080, name: MailDevResource.HttpEndpointName)
            .WithHttpHealthCheck("/healthz", endpointName: MailDevResource.HttpEndpointName)
            .WithDeleteAllEmailsCommand("/email/all")
            .ExcludeFromManifest();

    /// <summary>A dashboard button that empties the inbox; MailDev 2 (the image) serves its API at the root, MailDev 3 under /api.</summary>
    public static IResourceBuilder<T> WithDeleteAllEmailsCommand<T>(this IResourceBuilder<T> builder, string path)
        where T : IResourceWithEndpoints =>
        builder.WithHttpCommand(path, "Delete all emails", endpointName: "http", commandName: "delete-all-emails", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Delete,
            IconName = "Delete",
            ConfirmationMessage = "Delete every email MailDev holds?",
            Description = "Empties the MailDev inbox.",
        });
}
