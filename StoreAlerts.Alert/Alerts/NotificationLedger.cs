using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// The one owner of the <c>notification_*</c> columns (ADR-003): a stored alert starts as <see cref="NewRowValues"/>
/// say; the dispatcher claims one due row at a time and records its outcome through <see cref="ClaimedNotification"/>,
/// committed as soon as it is known; the API puts a Failed row back to Pending with <see cref="RequeueFailedAsync"/>, an operator every one of them
/// with <see cref="RequeueAllFailedAsync"/>.
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
            // Plain Npgsql on the context's pooled connection: one claim per email, so every round trip counts.
            var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var claim = new NpgsqlCommand(ClaimSql, connection, transaction);
            claim.Parameters.AddWithValue("pending", nameof(NotificationStatus.Pending));
            claim.Parameters.AddWithValue("now", time.GetUtcNow());
            StoreAlert? alert = null;
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    alert = Read(reader);
                }
            }
            if (alert is null)
            {
                await transaction.DisposeAsync();
                await scope.DisposeAsync();
                return null;
            }

            return new ClaimedNotification(scope, connection, transaction, alert, time);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private const string ClaimSql = $"""
        SELECT id, event_id, store_id, store_name, store_address, store_status, previous_status, occurred_at, received_at,
            source_topic, source_partition, source_offset,
            notification_status, notification_attempts, notification_last_error, notification_sent_at, notification_next_attempt_at,
            changed_by, trace_parent
        FROM {AlertDbContext.TableName}
        WHERE notification_status = @pending AND notification_next_attempt_at <= @now
        ORDER BY notification_next_attempt_at, id LIMIT 1
        FOR UPDATE SKIP LOCKED
        """;

    private static StoreAlert Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        EventId = r.GetString(1),
        StoreId = r.IsDBNull(2) ? null : r.GetString(2),
        StoreName = r.GetString(3),
        StoreAddress = r.IsDBNull(4) ? null : r.GetString(4),
        StoreStatus = r.GetString(5),
        PreviousStatus = r.IsDBNull(6) ? null : r.GetString(6),
        OccurredAt = r.GetFieldValue<DateTimeOffset>(7),
        ReceivedAt = r.GetFieldValue<DateTimeOffset>(8),
        SourceTopic = r.GetString(9),
        SourcePartition = r.GetInt32(10),
        SourceOffset = r.GetInt64(11),
        NotificationStatus = Enum.Parse<NotificationStatus>(r.GetString(12)),
        NotificationAttempts = r.GetInt32(13),
        NotificationLastError = r.IsDBNull(14) ? null : r.GetString(14),
        NotificationSentAt = r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15),
        NotificationNextAttemptAt = r.GetFieldValue<DateTimeOffset>(16),
        ChangedBy = r.IsDBNull(17) ? null : r.GetString(17),
        TraceParent = r.IsDBNull(18) ? null : r.GetString(18),
    };

    /// <summary>Failed → Pending, due now, attempts reset. One conditional update, so two requests queue the email once.</summary>
    /// <returns>The row's status before the call, or null when there is no such row.</returns>
    public async Task<NotificationStatus?> RequeueFailedAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        var reset = await RequeueAsync(db.StoreAlerts.Where(a => a.Id == id), cancellationToken);
        return reset == 1
            ? NotificationStatus.Failed
            : await db.StoreAlerts.Where(a => a.Id == id).Select(a => (NotificationStatus?)a.NotificationStatus).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every Failed row back to Pending in one update: a second call, or a call on another replica, finds none.</summary>
    /// <returns>How many rows were put back.</returns>
    public async Task<int> RequeueAllFailedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await RequeueAsync(scope.ServiceProvider.GetRequiredService<AlertDbContext>().StoreAlerts, cancellationToken);
    }

    private Task<int> RequeueAsync(IQueryable<StoreAlert> alerts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return alerts.Where(a => a.NotificationStatus == NotificationStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.NotificationStatus, NotificationStatus.Pending)
                .SetProperty(a => a.NotificationAttempts, 0)
                .SetProperty(a => a.NotificationNextAttemptAt, now), cancellationToken);
    }
}

/// <summary>One claimed row: record its outcome once (each commits at once), or dispose to leave it as it was.</summary>
public sealed class ClaimedNotification(AsyncServiceScope scope, NpgsqlConnection connection, NpgsqlTransaction transaction, StoreAlert alert, TimeProvider time)
    : IAsyncDisposable
{
    public const int MaxErrorLength = 2000;

    private const string RecordSql = $"""
        UPDATE {AlertDbContext.TableName} SET notification_status = @status, notification_attempts = @attempts,
            notification_last_error = @error, notification_sent_at = @sentAt, notification_next_attempt_at = @next
        WHERE id = @id
        """;

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
        await using (var record = new NpgsqlCommand(RecordSql, connection, transaction))
        {
            record.Parameters.AddWithValue("status", alert.NotificationStatus.ToString());
            record.Parameters.AddWithValue("attempts", alert.NotificationAttempts);
            record.Parameters.AddWithValue("error", (object?)alert.NotificationLastError ?? DBNull.Value);
            record.Parameters.AddWithValue("sentAt", alert.NotificationSentAt is { } sentAt ? sentAt : DBNull.Value);
            record.Parameters.AddWithValue("next", alert.NotificationNextAttemptAt);
            record.Parameters.AddWithValue("id", alert.Id);
            await record.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await scope.DisposeAsync();
    }
}
