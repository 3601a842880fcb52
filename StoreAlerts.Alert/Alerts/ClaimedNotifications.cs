using Npgsql;
using NpgsqlTypes;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// A batch of leased rows (see <see cref="NotificationLedger.ClaimDueAsync"/>), in due order. Each outcome is one
/// single-row update committed on its own; disposing hands the rows without an outcome back, due as they were.
/// </summary>
public sealed class ClaimedNotifications : IAsyncDisposable
{
    public const int MaxErrorLength = 2000;

    private const string RecordSql = $"""
        UPDATE {AlertDbContext.TableName} SET notification_status = @status, notification_attempts = @attempts,
            notification_last_error = @error, notification_sent_at = @sentAt, notification_next_attempt_at = @next
        WHERE id = @id AND notification_status = @pending AND notification_next_attempt_at = @leaseUntil
        """;

    private const string ReleaseSql = $"""
        UPDATE {AlertDbContext.TableName} a SET notification_next_attempt_at = released.due_at
        FROM unnest(@ids, @dueAts) AS released(id, due_at)
        WHERE a.id = released.id AND a.notification_status = @pending AND a.notification_next_attempt_at = @leaseUntil
        """;

    private readonly AsyncServiceScope _scope;
    private readonly NpgsqlConnection _connection;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, DateTimeOffset> _unrecorded;
    private NpgsqlCommand? _record;

    internal ClaimedNotifications(AsyncServiceScope scope, NpgsqlConnection connection,
        IReadOnlyList<(StoreAlert Alert, DateTimeOffset DueAt)> claimed, DateTimeOffset claimedAt, DateTimeOffset leaseUntil, TimeProvider time)
    {
        _scope = scope;
        _connection = connection;
        _time = time;
        _unrecorded = claimed.ToDictionary(c => c.Alert.Id, c => c.DueAt);
        Alerts = claimed.Select(c => c.Alert).ToList();
        ClaimedAt = claimedAt;
        LeaseUntil = leaseUntil;
    }

    public IReadOnlyList<StoreAlert> Alerts { get; }

    public DateTimeOffset ClaimedAt { get; }

    /// <summary>Until when no one else takes these rows.</summary>
    public DateTimeOffset LeaseUntil { get; }

    /// <summary>The server accepted the email.</summary>
    /// <returns>False when the lease had ended and the row was no longer this batch's to record.</returns>
    public Task<bool> MarkSentAsync(StoreAlert alert)
    {
        alert.NotificationAttempts++;
        alert.NotificationStatus = NotificationStatus.Sent;
        alert.NotificationSentAt = _time.GetUtcNow();
        alert.NotificationLastError = null;
        return RecordAsync(alert);
    }

    /// <summary>An attempt failed: try again at <paramref name="retryAt"/>, or never (Failed) when it is null.</summary>
    /// <returns>False when the lease had ended and the row was no longer this batch's to record.</returns>
    public Task<bool> MarkAttemptFailedAsync(StoreAlert alert, string error, DateTimeOffset? retryAt)
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

        return RecordAsync(alert);
    }

    // Not cancellable: the outcome is known, and losing it would send the email again.
    private async Task<bool> RecordAsync(StoreAlert alert)
    {
        if (!_unrecorded.Remove(alert.Id))
        {
            throw new InvalidOperationException($"Alert {alert.Id} is not an unrecorded row of this batch.");
        }

        var record = await RecordCommandAsync();
        record.Parameters["status"].Value = alert.NotificationStatus.ToString();
        record.Parameters["attempts"].Value = alert.NotificationAttempts;
        record.Parameters["error"].Value = (object?)alert.NotificationLastError ?? DBNull.Value;
        record.Parameters["sentAt"].Value = alert.NotificationSentAt is { } sentAt ? sentAt : DBNull.Value;
        record.Parameters["next"].Value = alert.NotificationNextAttemptAt;
        record.Parameters["id"].Value = alert.Id;
        return await record.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }

    // One prepared statement for the batch: the server parses and plans it once, not once per email.
    private async Task<NpgsqlCommand> RecordCommandAsync()
    {
        if (_record is null)
        {
            _record = new NpgsqlCommand(RecordSql, _connection);
            _record.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text));
            _record.Parameters.Add(new NpgsqlParameter("attempts", NpgsqlDbType.Integer));
            _record.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text));
            _record.Parameters.Add(new NpgsqlParameter("sentAt", NpgsqlDbType.TimestampTz));
            _record.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz));
            _record.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Bigint));
            _record.Parameters.Add(new NpgsqlParameter("pending", NpgsqlDbType.Text) { Value = nameof(NotificationStatus.Pending) });
            _record.Parameters.Add(new NpgsqlParameter("leaseUntil", NpgsqlDbType.TimestampTz) { Value = LeaseUntil });
            await _record.PrepareAsync(CancellationToken.None);
        }

        return _record;
    }

    /// <summary>Hands back the rows without an outcome; if that fails (the database is down), their lease ends by itself.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_unrecorded.Count > 0)
            {
                await using var release = new NpgsqlCommand(ReleaseSql, _connection);
                release.Parameters.AddWithValue("ids", _unrecorded.Keys.ToArray());
                release.Parameters.AddWithValue("dueAts", _unrecorded.Values.ToArray());
                release.Parameters.AddWithValue("pending", nameof(NotificationStatus.Pending));
                release.Parameters.AddWithValue("leaseUntil", LeaseUntil);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            _scope.ServiceProvider.GetService<ILogger<ClaimedNotifications>>()?.LogWarning(e,
                "Handing back {Count} claimed email(s) failed; they are due again at {LeaseUntil}", _unrecorded.Count, LeaseUntil);
        }
        finally
        {
            if (_record is not null)
            {
                await _record.DisposeAsync();
            }

            await _scope.DisposeAsync();
        }
    }
}
