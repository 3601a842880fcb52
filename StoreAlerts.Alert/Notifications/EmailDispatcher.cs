using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// Sends the email of every Pending alert whose next attempt is due (ADR-003). Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several instances never send the same row at once; each outcome is written
/// back in the same transaction. An email is sent twice only if the process dies between the server's
/// acceptance and that commit.
/// </summary>
public sealed class EmailDispatcher(
    IServiceScopeFactory scopes,
    SmtpSender sender,
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
        var now = time.GetUtcNow();
        var pending = nameof(NotificationStatus.Pending);
        var due = await db.StoreAlerts.FromSql($"""
            SELECT * FROM store_alerts
            WHERE notification_status = {pending} AND notification_next_attempt_at <= {now}
            ORDER BY id LIMIT {_settings.BatchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(stoppingToken);

        var handled = 0;
        foreach (var alert in due)
        {
            if (!await SendAsync(alert, stoppingToken))
            {
                break;
            }

            handled++;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return handled == _settings.BatchSize;
    }

    /// <returns>False when the server is unreachable: the row is left as it was and the batch stops.</returns>
    private async Task<bool> SendAsync(StoreAlert alert, CancellationToken stoppingToken)
    {
        try
        {
            await sender.SendAsync(emails.Build(alert), stoppingToken);
            alert.NotificationAttempts++;
            alert.NotificationStatus = NotificationStatus.Sent;
            alert.NotificationSentAt = time.GetUtcNow();
            alert.NotificationLastError = null;
            metrics.EmailSent();
            state.Sent();
            _unreachableFailures = 0;
            return true;
        }
        catch (SmtpUnreachableException e)
        {
            state.Failed(e.Message);
            _unreachableFailures++;
            logger.LogWarning("{Error}; pending emails wait ({Failures} failed connection(s) in a row)", e.Message, _unreachableFailures);
            return false;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            await sender.DisconnectQuietlyAsync();
            var error = SendFailure.Describe(e);
            alert.NotificationAttempts++;
            alert.NotificationLastError = error.Length > 2000 ? error[..2000] : error;
            var retry = SendFailure.Classify(e) == FailureKind.Transient && alert.NotificationAttempts < _settings.MaxAttempts;
            if (retry)
            {
                alert.NotificationNextAttemptAt = time.GetUtcNow() + _retryBackoff.Delay(alert.NotificationAttempts);
            }
            else
            {
                alert.NotificationStatus = NotificationStatus.Failed;
            }

            metrics.EmailFailed(retry);
            state.Failed(error);
            logger.LogWarning(e, "Email for alert {AlertId} failed (attempt {Attempt}, {Outcome})",
                alert.Id, alert.NotificationAttempts, retry ? "will retry" : "marked Failed");
            return true;
        }
    }

}
