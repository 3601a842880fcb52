using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// The one owner of the <c>notification_*</c> columns (ADR-003): a stored alert starts as <see cref="NewRowValues"/>
/// say; the dispatcher claims due rows a batch at a time and records each outcome through <see cref="ClaimedNotifications"/>,
/// committed as soon as it is known; the API puts a Failed row back to Pending with <see cref="RequeueFailedAsync"/>, an operator every one of them
/// with <see cref="RequeueAllFailedAsync"/>.
/// </summary>
public sealed class NotificationLedger(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The columns a new row sets, and their values: Pending and due at once (<c>@received</c> is the insert's receive time).</summary>
    public const string NewRowColumns = "notification_status, notification_attempts, notification_next_attempt_at";
    public const string NewRowValues = "'Pending', 0, @received";

    /// <summary>
    /// Leases up to <paramref name="max"/> due Pending rows, oldest first, in one committed statement: their next attempt
    /// moves to the end of the lease, so no replica (and no restart) takes them before it ends (<c>SKIP LOCKED</c> keeps
    /// two claims from waiting on each other). Rows whose outcome is not recorded are handed back when the batch is
    /// disposed, or, after a crash, when the lease ends (ADR-012).
    /// </summary>
    public async Task<ClaimedNotifications> ClaimDueAsync(int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            // Plain Npgsql on the context's pooled connection, kept for the batch: every round trip per email counts.
            var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            var now = time.GetUtcNow();
            // timestamptz keeps microseconds: the lease is compared for equality when outcomes are recorded.
            var leaseUntil = (now + lease).AddTicks(-((now + lease).Ticks % TimeSpan.TicksPerMicrosecond));
            await using var claim = new NpgsqlCommand(ClaimSql, connection);
            claim.Parameters.AddWithValue("pending", nameof(NotificationStatus.Pending));
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("max", max);
            claim.Parameters.AddWithValue("leaseUntil", leaseUntil);
            var claimed = new List<(StoreAlert Alert, DateTimeOffset DueAt)>();
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add((Read(reader), reader.GetFieldValue<DateTimeOffset>(19)));
                }
            }

            claimed.Sort((a, b) => (a.DueAt, a.Alert.Id).CompareTo((b.DueAt, b.Alert.Id)));
            return new ClaimedNotifications(scope, connection, claimed, now, leaseUntil, time);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    private const string ClaimSql = $"""
        WITH due AS (
            SELECT id, notification_next_attempt_at AS due_at FROM {AlertDbContext.TableName}
            WHERE notification_status = @pending AND notification_next_attempt_at <= @now
            ORDER BY notification_next_attempt_at, id LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE {AlertDbContext.TableName} a SET notification_next_attempt_at = @leaseUntil
        FROM due WHERE a.id = due.id
        RETURNING a.id, a.event_id, a.store_id, a.store_name, a.store_address, a.store_status, a.previous_status, a.occurred_at,
            a.received_at, a.source_topic, a.source_partition, a.source_offset, a.notification_status, a.notification_attempts,
            a.notification_last_error, a.notification_sent_at, a.notification_next_attempt_at, a.changed_by, a.trace_parent, due.due_at
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
