using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// The one owner of the <c>notification_*</c> columns (ADR-003): a stored alert starts as <see cref="NewRowValues"/>
/// say; the dispatcher claims one due row at a time and records its outcome through <see cref="ClaimedNotification"/>,
/// committed as soon as it is known; the API puts a Failed row back to Pending with <see cref="RequeueFailedAsync"/>.
/// </summary>
public sealed class NotificationLedger(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The columns a new row sets, and their values: Pending and due at once (<c>@received</c> is the insert's receive time).</summary>
    public const string NewRowColumns = "notification_status, notification_attempts, notification_next_attempt_at";
    public const string NewRowValues = "'Pending', 0, @received";

    /// <summary>
    /// Locks the oldest due Pending row (<c>FOR UPDATE SKIP LOCKED</c>, so replicas never claim the same row), or returns
    /// null when none is due. The lock lasts until the outcome is recorded or the claim is disposed (nothing changes then).
    /// </summary>
    public async Task<ClaimedNotification?> ClaimNextDueAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            var pending = nameof(NotificationStatus.Pending);
            var alert = await db.StoreAlerts.FromSql($"""
                SELECT * FROM store_alerts
                WHERE notification_status = {pending} AND notification_next_attempt_at <= {now}
                ORDER BY notification_next_attempt_at, id LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).FirstOrDefaultAsync(cancellationToken);
            if (alert is null)
            {
                await transaction.DisposeAsync();
                await scope.DisposeAsync();
                return null;
            }

            return new ClaimedNotification(scope, db, transaction, alert, time);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>Failed → Pending, due now, attempts reset. One conditional update, so two requests queue the email once.</summary>
    /// <returns>The row's status before the call, or null when there is no such row.</returns>
    public async Task<NotificationStatus?> RequeueFailedAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        var now = time.GetUtcNow();
        var reset = await db.StoreAlerts
            .Where(a => a.Id == id && a.NotificationStatus == NotificationStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.NotificationStatus, NotificationStatus.Pending)
                .SetProperty(a => a.NotificationAttempts, 0)
                .SetProperty(a => a.NotificationNextAttemptAt, now), cancellationToken);
        return reset == 1
            ? NotificationStatus.Failed
            : await db.StoreAlerts.Where(a => a.Id == id).Select(a => (NotificationStatus?)a.NotificationStatus).FirstOrDefaultAsync(cancellationToken);
    }
}

/// <summary>One claimed row: record its outcome once (each commits at once), or dispose to leave it as it was.</summary>
public sealed class ClaimedNotification(AsyncServiceScope scope, AlertDbContext db, IDbContextTransaction transaction, StoreAlert alert, TimeProvider time)
    : IAsyncDisposable
{
    public const int MaxErrorLength = 2000;

    public StoreAlert Alert => alert;

    /// <summary>The server accepted the email.</summary>
    public Task MarkSentAsync()
    {
        alert.NotificationAttempts++;
        alert.NotificationStatus = NotificationStatus.Sent;
        alert.NotificationSentAt = time.GetUtcNow();
        alert.NotificationLastError = null;
        return CommitAsync();
    }

    /// <summary>An attempt failed: try again at <paramref name="retryAt"/>, or never (Failed) when it is null.</summary>
    public Task MarkAttemptFailedAsync(string error, DateTimeOffset? retryAt)
    {
        alert.NotificationAttempts++;
        alert.NotificationLastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        if (retryAt is { } at)
        {
            alert.NotificationNextAttemptAt = at;
        }
        else
        {
            alert.NotificationStatus = NotificationStatus.Failed;
        }

        return CommitAsync();
    }

    // Not cancellable: the outcome is known, and losing it would send the email again.
    private async Task CommitAsync()
    {
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await scope.DisposeAsync();
    }
}
