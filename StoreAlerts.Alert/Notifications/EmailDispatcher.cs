using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// Sends the email of every Pending alert whose next attempt is due (ADR-003), one row at a time: the row is claimed
/// through the <see cref="NotificationLedger"/> (<c>FOR UPDATE SKIP LOCKED</c>, so replicas never send the same row at once)
/// and its outcome is committed as soon as the server has answered. An email is sent twice only if the process dies
/// between the server's acceptance and that commit: at most one per crash. A clean stop lets the email in flight finish.
/// </summary>
public sealed class EmailDispatcher(
    NotificationLedger ledger,
    SmtpSender sender,
    SmtpEndpoint endpoint,
    AlertEmailBuilder emails,
    WakeUpSignal signal,
    DispatcherState state,
    DatabaseMigrator database,
    AlertMetrics metrics,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<EmailDispatcher> logger) : BackgroundService
{
    private readonly EmailOptions _settings = options.Value.Email;
    private readonly Backoff _unreachableBackoff = new(TimeSpan.FromMilliseconds(250), options.Value.Email.RetryMaxDelay);
    private readonly Backoff _retryBackoff = new(options.Value.Email.RetryBaseDelay, options.Value.Email.RetryMaxDelay);
    private int _unreachableFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                bool moreDue;
                try
                {
                    moreDue = await DispatchDueAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Dispatching alert emails failed; trying again after the poll interval");
                    moreDue = false;
                }
                if (_unreachableFailures > 0)
                {
                    await Task.Delay(_unreachableBackoff.Delay(_unreachableFailures), time, stoppingToken);
                }
                else if (!moreDue)
                {
                    await signal.WaitAsync(_settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>Whether a full batch was handled, so more rows may be due right away.</returns>
    private async Task<bool> DispatchDueAsync(CancellationToken stoppingToken)
    {
        for (var handled = 0; handled < _settings.BatchSize; handled++)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return false;
            }

            await using var claim = await ledger.ClaimNextDueAsync(stoppingToken);
            if (claim is null || !await SendAsync(claim))
            {
                return false;
            }
        }
        return true;
    }

    /// <returns>False when the server is unreachable: the row is left as it was.</returns>
    private async Task<bool> SendAsync(ClaimedNotification claim)
    {
        var alert = claim.Alert;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["AlertId"] = alert.Id, ["EventId"] = alert.EventId, ["StoreId"] = alert.StoreId });
        using var activity = EmailSendTracing.Start(alert, endpoint);
        try
        {
            // Not cancelled by shutdown: the email in flight finishes and its outcome is recorded (bounded by Alert:Email:Timeout).
            await sender.SendAsync(emails.Build(alert), CancellationToken.None);
        }
        catch (SmtpUnreachableException e)
        {
            EmailSendTracing.Failed(activity, e.Message, willRetry: true);
            state.Failed(e.Message);
            _unreachableFailures++;
            logger.LogWarning("{Error}; pending emails wait ({Failures} failed connection(s) in a row)", e.Message, _unreachableFailures);
            return false;
        }
        catch (Exception e)
        {
            await sender.DisconnectQuietlyAsync();
            var error = SendFailure.Describe(e);
            var attempt = alert.NotificationAttempts + 1;
            var retry = SendFailure.Classify(e) == FailureKind.Transient && attempt < _settings.MaxAttempts;
            EmailSendTracing.Failed(activity, error, retry);
            await claim.MarkAttemptFailedAsync(error, retry ? time.GetUtcNow() + _retryBackoff.Delay(attempt) : null);
            metrics.EmailFailed(retry);
            state.Failed(error);
            logger.LogWarning(e, "Email for alert {AlertId} failed (attempt {Attempt}, {Outcome})",
                alert.Id, attempt, retry ? "will retry" : "marked Failed");
            return true;
        }

        await claim.MarkSentAsync();
        metrics.EmailSent();
        metrics.AlertEmailed(alert.OccurredAt, alert.NotificationSentAt ?? time.GetUtcNow());
        state.Sent();
        _unreachableFailures = 0;
        return true;
    }
}
