namespace StoreAlerts.AppHost.Infrastructure;

public static class InboxLinkExtensions
{
    /// <summary>
    /// Points the UI's home page at the mail server's web inbox (<c>Links__MailDev</c>) where it has one: MailDev in
    /// containers and local mode; an external SMTP server has none.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInboxLink(this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<IResourceWithConnectionString> mail)
        => mail.Resource is IResourceWithEndpoints inbox
            ? project.WithEnvironment("Links__MailDev", new EndpointReference(inbox, "http"))
            : project;
}
