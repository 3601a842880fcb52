using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Alert.Telemetry;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Stores a batch of alerts in one transaction with one statement. <c>ON CONFLICT (event_id) DO NOTHING</c>
/// makes a redelivered event a no-op, which is what lets the consumer be at-least-once and still idempotent.
/// The same transaction announces the new rows (<see cref="AlertsStoredChannel"/>): that is the hand-over to the live
/// stream and the email dispatcher of every replica, delivered by PostgreSQL only once the rows are committed.
/// The notification columns start as <see cref="NotificationLedger"/> says; only the ledger changes them afterwards.
/// </summary>
public sealed class AlertBatchWriter(IServiceScopeFactory scopes, AlertMetrics metrics, TimeProvider time)
{
    private const string InsertSql = $"""
        INSERT INTO {AlertDbContext.TableName} (event_id, store_id, store_name, store_address, store_status, previous_status,
            occurred_at, received_at, changed_by, source_topic, source_partition, source_offset, trace_parent, {NotificationLedger.NewRowColumns})
        SELECT e, si, sn, sa, ss, ps, oa, @received, cb, t, p, o, tp, {NotificationLedger.NewRowValues}
        FROM unnest(@e, @si, @sn, @sa, @ss, @ps, @oa, @cb, @t, @p, @o, @tp) AS x(e, si, sn, sa, ss, ps, oa, cb, t, p, o, tp)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING id, event_id
        """;

    /// <returns>The rows this call created (a duplicate of an earlier event is not among them).</returns>
    public async Task<IReadOnlyList<StoreAlert>> WriteAsync(IReadOnlyList<ValidatedAlert> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var receivedAt = time.GetUtcNow();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("received", NpgsqlDbType.TimestampTz) { Value = receivedAt.UtcDateTime });
        AddArray(command, "e", records.Select(r => r.EventId));
        AddArray(command, "si", records.Select(r => r.StoreId));
        AddArray(command, "sn", records.Select(r => r.StoreName));
        AddArray(command, "sa", records.Select(r => r.StoreAddress));
        AddArray(command, "ss", records.Select(r => r.StoreStatus));
        AddArray(command, "ps", records.Select(r => r.PreviousStatus));
        command.Parameters.Add(new NpgsqlParameter("oa", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        { Value = records.Select(r => r.OccurredAt.UtcDateTime).ToArray() });
        AddArray(command, "cb", records.Select(r => r.ChangedBy));
        AddArray(command, "t", records.Select(r => r.Source.Topic));
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Integer)
        { Value = records.Select(r => r.Source.Partition.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("o", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        { Value = records.Select(r => r.Source.Offset.Value).ToArray() });
        AddArray(command, "tp", records.Select(r => r.TraceParent));

        var created = new List<StoreAlert>();
        var byEventId = records.DistinctBy(r => r.EventId).ToDictionary(r => r.EventId);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                created.Add(ToAlert(reader.GetInt64(0), byEventId[reader.GetString(1)], receivedAt));
            }
        }
        await AlertsStoredChannel.AnnounceAsync(connection, transaction, created.Select(a => a.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.Stored(created.Count);
        foreach (var alert in created)
        {
            metrics.AlertStored(alert.OccurredAt, receivedAt);
        }

        metrics.DuplicatesSkipped(records.Count - created.Count);
        return created;
    }

    private static void AddArray(NpgsqlCommand command, string name, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    private static StoreAlert ToAlert(long id, ValidatedAlert r, DateTimeOffset receivedAt) => new()
    {
        Id = id,
        EventId = r.EventId,
        StoreId = r.StoreId,
        StoreName = r.StoreName,
        StoreAddress = r.StoreAddress,
        StoreStatus = r.StoreStatus,
        PreviousStatus = r.PreviousStatus,
        OccurredAt = r.OccurredAt,
        ReceivedAt = receivedAt,
        ChangedBy = r.ChangedBy,
        SourceTopic = r.Source.Topic,
        SourcePartition = r.Source.Partition.Value,
        SourceOffset = r.Source.Offset.Value,
        TraceParent = r.TraceParent,
        NotificationNextAttemptAt = receivedAt,
    };
}
