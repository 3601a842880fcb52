using System.Data.Common;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// The SMTP server from <c>ConnectionStrings:maildev</c>, in the form Aspire's MailDev resource gives it:
/// <c>Endpoint=smtp://host:port</c>, optionally with <c>;Username=…;Password=…</c>. A bare URI is accepted too.
/// </summary>
public sealed record SmtpEndpoint(string Host, int Port, bool UseTls, string? Username, string? Password)
{
    public static SmtpEndpoint Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:maildev is missing: set it to 'Endpoint=smtp://host:port'.");
        }

        string? endpoint = connectionString, username = null, password = null;
        if (!connectionString.Contains("://", StringComparison.Ordinal) || connectionString.Contains('='))
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            endpoint = builder.TryGetValue("Endpoint", out var e) ? e as string : null;
            username = builder.TryGetValue("Username", out var u) ? u as string : null;
            password = builder.TryGetValue("Password", out var p) ? p as string : null;
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps"))
        {
            throw new InvalidOperationException("ConnectionStrings:maildev must hold 'Endpoint=smtp://host:port' (or smtps://).");
        }

        var tls = uri.Scheme == "smtps";
        return new SmtpEndpoint(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 465 : 25) : uri.Port, tls, username, password);
    }
}
