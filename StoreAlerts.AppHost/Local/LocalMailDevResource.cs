using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Local;

/// <summary>MailDev from npm, run with the machine's node; installed (pinned) into <see cref="InstallDirectory"/> when missing.</summary>
public sealed class LocalMailDevResource(string name, string installDirectory)
    : ExecutableResource(name, "node", installDirectory), IResourceWithConnectionString
{
    public const string Version = "3.0.0";
    public const string SmtpEndpointName = "smtp";
    public const string HttpEndpointName = "http";

    public string InstallDirectory => WorkingDirectory;
    public string EntryPoint => Path.Combine(WorkingDirectory, "node_modules", "maildev", "dist", "bin", "maildev.js");
    public EndpointReference SmtpEndpoint => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint=smtp://{SmtpEndpoint.Property(EndpointProperty.HostAndPort)}");
}
