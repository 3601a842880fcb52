using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// One SMTP connection reused for every email (a new connection per email costs a greeting each time,
/// which caps MailDev at ~9 emails/s). Only the dispatcher's single loop uses it.
/// </summary>
public sealed class SmtpSender(SmtpEndpoint endpoint, IOptions<AlertOptions> options, ILogger<SmtpSender> logger) : IAsyncDisposable
{
    private readonly SmtpClient _client = new() { Timeout = (int)options.Value.Email.Timeout.TotalMilliseconds };

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var reused = _client.IsConnected;
        await EnsureConnectedAsync(cancellationToken);
        try
        {
            await _client.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (reused && SendFailure.Classify(e) == FailureKind.Transient && e is not SmtpCommandException)
        {
            // A reused connection may have been closed by the server while idle: reconnect once before counting an attempt.
            logger.LogDebug(e, "The reused SMTP connection failed; reconnecting once");
            await DisconnectQuietlyAsync();
            await EnsureConnectedAsync(cancellationToken);
            await _client.SendAsync(message, cancellationToken);
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            return;
        }

        try
        {
            await _client.ConnectAsync(endpoint.Host, endpoint.Port,
                endpoint.UseTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (endpoint.Username is not null)
            {
                await _client.AuthenticateAsync(endpoint.Username, endpoint.Password ?? "", cancellationToken);
            }
        }
        catch (Exception e) when (e is not AuthenticationException && e is not OperationCanceledException)
        {
            await DisconnectQuietlyAsync();
            throw new SmtpUnreachableException($"Cannot reach the SMTP server {endpoint.Host}:{endpoint.Port}: {e.Message}", e);
        }
    }

    /// <summary>Drops the connection after a failure, so the next email starts on a clean one.</summary>
    public async Task DisconnectQuietlyAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: false);
            }
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Disconnecting from the SMTP server failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Saying QUIT to the SMTP server failed");
        }
        _client.Dispose();
    }
}
