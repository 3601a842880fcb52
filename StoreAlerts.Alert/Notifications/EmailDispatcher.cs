using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// Sends the email of every Pending alert whose next attempt is due (ADR-003): a batch of rows is leased in one statement
/// through the <see cref="NotificationLedger"/> (so replicas never send the same row), each email is sent in turn and its
/// outcome committed as soon as the server has answered. That commit overlaps the next email's SMTP exchange, whose end
/// of data is held back until the commit is done (<see cref="HeldBackBody"/>, ADR-012). An email is sent twice only if the
/// process dies between the server's acceptance and that commit: at most one per crash. An email is only
/// started within <c>Alert:Email:Timeout</c> of its claim, well inside the lease; a clean stop lets the email in flight
/// finish and hands the rest back.
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
    private readonly TimeSpan _lease = options.Value.Email.Timeout * LeaseInTimeouts;
    private int _unreachableFailures;

    /// <summary>A claimed email is started within one timeout of its claim, so it has at least two more to finish before the lease ends.</summary>
    private const int LeaseInTimeouts = 3;

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

    /// <returns>Whether a full batch was handled (or its time ran out), so more rows may be due right away.</returns>
    private async Task<bool> DispatchDueAsync(CancellationToken stoppingToken)
    {
        await using var claimed = await ledger.ClaimDueAsync(_settings.BatchSize, _lease, stoppingToken);
        var startBefore = claimed.ClaimedAt + _settings.Timeout;
        // The last sent email's outcome, still being committed while the next email's envelope travels (HeldBackBody).
        var recording = Task.CompletedTask;
        try
        {
            foreach (var alert in claimed.Alerts)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                if (time.GetUtcNow() > startBefore)
                {
                    return true;
                }

                if (await SendAsync(claimed, alert, recording) is not { } next)
                {
                    return false;
                }

                recording = next;
            }
        }
        finally
        {
            await recording;
        }

        return claimed.Alerts.Count == _settings.BatchSize;
    }

    /// <returns>
    /// The commit of the email's outcome (still running for a sent email); null when the server is unreachable, the row
    /// left as it was. The email is accepted only once <paramref name="previous"/> is committed.
    /// </returns>
    private async Task<Task?> SendAsync(ClaimedNotifications claimed, StoreAlert alert, Task previous)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["AlertId"] = alert.Id, ["EventId"] = alert.EventId, ["StoreId"] = alert.StoreId });
        using var activity = EmailSendTracing.Start(alert, endpoint);
        try
        {
            // Not cancelled by shutdown: the email in flight finishes and its outcome is recorded (bounded by Alert:Email:Timeout).
            await sender.SendAsync(HeldBackBody.Until(emails.Build(alert), previous), CancellationToken.None);
        }
        catch (Exception e)
        {
            // One connection records outcomes, in order; and a failed commit of the last one is the failure that counts.
            await previous;
            return await FailedAsync(claimed, alert, activity, e);
        }

        metrics.EmailSent();
        metrics.AlertEmailed(alert.OccurredAt, time.GetUtcNow());
        state.Sent();
        _unreachableFailures = 0;
        return RecordAsync(claimed.MarkSentAsync(alert), alert);
    }

    private async Task<Task?> FailedAsync(ClaimedNotifications claimed, StoreAlert alert, System.Diagnostics.Activity? activity, Exception e)
    {
        if (e is SmtpUnreachableException)
        {
            EmailSendTracing.Failed(activity, e.Message, willRetry: true);
            state.Failed(e.Message);
            _unreachableFailures++;
            logger.LogWarning("{Error}; pending emails wait ({Failures} failed connection(s) in a row)", e.Message, _unreachableFailures);
            return null;
        }

        await sender.DisconnectQuietlyAsync();
        var error = SendFailure.Describe(e);
        var attempt = alert.NotificationAttempts + 1;
        var retry = SendFailure.Classify(e) == FailureKind.Transient && attempt < _settings.MaxAttempts;
        EmailSendTracing.Failed(activity, error, retry);
        await RecordAsync(claimed.MarkAttemptFailedAsync(alert, error, retry ? time.GetUtcNow() + _retryBackoff.Delay(attempt) : null), alert);
        metrics.EmailFailed(retry);
        state.Failed(error);
        logger.LogWarning(e, "Email for alert {AlertId} failed (attempt {Attempt}, {Outcome})",
            alert.Id, attempt, retry ? "will retry" : "marked Failed");
        return Task.CompletedTask;
    }

    private async Task RecordAsync(Task<bool> recording, StoreAlert alert)
    {
        if (!await recording)
        {
            logger.LogWarning("The claim on alert {AlertId} had ended before its outcome was recorded; another claim may send it again", alert.Id);
        }
    }
}
