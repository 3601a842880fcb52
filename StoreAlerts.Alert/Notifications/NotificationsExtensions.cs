using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Notifications;

public static class NotificationsExtensions
{
    public const string SmtpConnectionName = "maildev";

    /// <summary>The email dispatcher, its SMTP connection, the validated <c>Alert</c> options and the <c>smtp</c> health check.</summary>
    public static IHostApplicationBuilder AddAlertNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(AlertOptions.Section);
        services.AddOptions<AlertOptions>()
            .Bind(section)
            .Configure(o => o.DistributionList = ReadAddressList(section.GetSection(nameof(AlertOptions.DistributionList))))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();

        services.AddSingleton(SmtpEndpoint.Parse(builder.Configuration.GetConnectionString(SmtpConnectionName)));
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<AlertEmailBuilder>();
        services.AddSingleton<DispatcherState>();
        services.AddHostedService<EmailDispatcher>();
        services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");
        return builder;
    }

    /// <summary>"a@x, b@y" in one value, or a configuration array (<c>Alert:DistributionList:0</c>, …).</summary>
    internal static IReadOnlyList<string> ReadAddressList(IConfigurationSection section)
    {
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
    }
}
