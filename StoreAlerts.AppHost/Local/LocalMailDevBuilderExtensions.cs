using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.AppHost.Local;

public static class LocalMailDevBuilderExtensions
{
    /// <summary>Adds MailDev run with node; <paramref name="toolsDirectory"/> caches the npm install across runs.</summary>
    public static IResourceBuilder<LocalMailDevResource> AddLocalMailDev(this IDistributedApplicationBuilder builder, string name, string toolsDirectory, int? httpPort = null, int? smtpPort = null)
    {
        var resource = new LocalMailDevResource(name, Path.Combine(toolsDirectory, $"maildev-{LocalMailDevResource.Version}"));
        return builder.AddResource(resource)
            .WithArgs(resource.EntryPoint, "--ip", "127.0.0.1", "--web-ip", "127.0.0.1")
            // MailDev reads its ports from these variables, which DCP fills with the ports it allocated behind the proxies.
            .WithEndpoint(port: smtpPort, name: LocalMailDevResource.SmtpEndpointName, scheme: "smtp", env: "MAILDEV_SMTP_PORT")
            .WithHttpEndpoint(port: httpPort, name: LocalMailDevResource.HttpEndpointName, env: "MAILDEV_WEB_PORT")
            .WithHttpHealthCheck("/api/healthz", endpointName: LocalMailDevResource.HttpEndpointName)
            .WithDeleteAllEmailsCommand("/api/email/all")
            .WithIconName("Mail")
            .OnBeforeResourceStarted(async (maildev, e, ct) =>
            {
                var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(maildev);
                await InstallWhenMissingAsync(maildev, logger, ct);
            });
    }

    private static async Task InstallWhenMissingAsync(LocalMailDevResource maildev, ILogger logger, CancellationToken ct)
    {
        if (File.Exists(maildev.EntryPoint))
        {
            return;
        }

        logger.LogInformation("Installing maildev@{Version} into {Directory} (npm)", LocalMailDevResource.Version, maildev.InstallDirectory);
        Directory.CreateDirectory(maildev.InstallDirectory);
        await ProcessRunner.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", $"maildev@{LocalMailDevResource.Version}"],
            maildev.InstallDirectory, logger, ct);
    }
}
