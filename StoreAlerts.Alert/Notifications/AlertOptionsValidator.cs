using Microsoft.Extensions.Options;
using MimeKit;

namespace StoreAlerts.Alert.Notifications;

public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        if (options.DistributionList.Count == 0)
        {
            errors.Add("Alert:DistributionList is empty: set one or more email addresses, comma-separated (\"ops@example.com, lead@example.com\") or as an array.");
        }

        foreach (var address in options.DistributionList.Where(a => !IsMailbox(a)))
        {
            errors.Add($"Alert:DistributionList holds '{address}', which is not a valid email address.");
        }

        if (!IsMailbox(options.From))
        {
            errors.Add($"Alert:From must be a valid email address (the sender of alert emails); it is '{options.From}'.");
        }

        if (options.GatewayBaseUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add($"Alert:GatewayBaseUrl must be an absolute URL; it is '{url}'.");
        }

        if (options.Email.MaxAttempts < 1)
        {
            errors.Add("Alert:Email:MaxAttempts must be at least 1.");
        }

        if (options.Email.BatchSize < 1)
        {
            errors.Add("Alert:Email:BatchSize must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsMailbox(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailboxAddress.TryParse(value, out var mailbox)
        && mailbox.Address.Contains('@') && !value.Contains('\r') && !value.Contains('\n');
}
