using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using StoreAlerts.Alert.Alerts;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// Builds the alert email: a text and an HTML part. Store fields come from users, so they are HTML-encoded in
/// the HTML part and stripped of control characters wherever they reach a header (the subject).
/// </summary>
public sealed class AlertEmailBuilder(IOptions<AlertOptions> options)
{
    public const string EventIdHeader = "X-StoreAlert-EventId";
    public const string StoreIdHeader = "X-StoreAlert-StoreId";

    public MimeMessage Build(StoreAlert alert)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.AddRange(settings.DistributionList.Select(MailboxAddress.Parse));
        message.Subject = $"Store Alert: {HeaderSafe(alert.StoreName)} is now {HeaderSafe(alert.StoreStatus)}"
            + (ByWhom(alert) is { } byWhom ? $" ({HeaderSafe(byWhom)})" : "");
        // Event ids are restricted to header-safe characters when read, so the same event always gets the same Message-Id.
        message.MessageId = $"{alert.EventId}@storealerts";
        message.Headers.Add(EventIdHeader, alert.EventId);
        if (alert.StoreId is not null)
        {
            message.Headers.Add(StoreIdHeader, alert.StoreId);
        }

        var link = StoreLink(settings.GatewayBaseUrl, alert.StoreId);
        message.Body = new BodyBuilder { TextBody = Text(alert, link), HtmlBody = Html(alert, link) }.ToMessageBody();
        return message;
    }

    internal static string HeaderSafe(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c)).Trim();

    private static string? StoreLink(string? baseUrl, string? storeId) =>
        string.IsNullOrEmpty(baseUrl) || storeId is null ? null : $"{baseUrl.TrimEnd('/')}/stores/{Uri.EscapeDataString(storeId)}";

    private static string Change(StoreAlert a) => a.PreviousStatus is null ? a.StoreStatus : $"{a.PreviousStatus} → {a.StoreStatus}";

    /// <summary>"closed by admin", "opened by ana", or "changed by bob" for an edit that kept the status; null without a user.</summary>
    private static string? ByWhom(StoreAlert a) => a.ChangedBy is null ? null
        : $"{(a.PreviousStatus == a.StoreStatus ? "changed" : a.StoreStatus == "CLOSED" ? "closed" : "opened")} by {a.ChangedBy}";

    private static string ChangeAndWho(StoreAlert a) => ByWhom(a) is { } byWhom ? $"{Change(a)} ({byWhom})" : Change(a);

    private static string When(StoreAlert a) => a.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Text(StoreAlert a, string? link) =>
        $"""
        Store: {a.StoreName}
        Address: {a.StoreAddress ?? "(not given)"}
        Status: {ChangeAndWho(a)}
        When: {When(a)}
        {(link is null ? "" : $"Store page: {link}")}
        """;

    private static string Html(StoreAlert a, string? link)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "(not given)");
        var linkRow = link is null ? "" : $"""<p><a href="{E(link)}">Open the store</a></p>""";
        return $"""
            <!DOCTYPE html>
            <html><body>
            <h1>Store alert</h1>
            <table>
            <tr><th align="left">Store</th><td>{E(a.StoreName)}</td></tr>
            <tr><th align="left">Address</th><td>{E(a.StoreAddress)}</td></tr>
            <tr><th align="left">Status</th><td>{E(ChangeAndWho(a))}</td></tr>
            <tr><th align="left">When</th><td>{E(When(a))}</td></tr>
            </table>
            {linkRow}
            </body></html>
            """;
    }
}
