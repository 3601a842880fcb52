using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>
/// The ledger's leases on real PostgreSQL. The rows are due an hour from now, so the service's own dispatcher (on the
/// real clock) leaves them alone; the ledger under test runs on a clock a day ahead.
/// </summary>
public sealed class LedgerTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_lease_hides_its_rows_from_other_claims_and_hands_back_the_ones_without_an_outcome()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var (ledger, _) = Ledger(app);
        var due = await InsertDueRowsAsync(app, 3);

        var first = await ledger.ClaimDueAsync(2, Lease, CancellationToken.None);
        await using (var second = await ledger.ClaimDueAsync(10, Lease, CancellationToken.None))
        {
            Assert.Equal(due[..2], first.Alerts.Select(a => a.EventId));
            Assert.Equal(due[2..], second.Alerts.Select(a => a.EventId));
            Assert.True(await first.MarkSentAsync(first.Alerts[0]));
            await first.DisposeAsync();
        }

        await using var third = await ledger.ClaimDueAsync(10, Lease, CancellationToken.None);
        Assert.Equal(due[1..], third.Alerts.Select(a => a.EventId));
        Assert.Equal("Sent", await app.ScalarAsync<string>($"SELECT notification_status FROM store_alerts WHERE event_id = '{due[0]}'"));
        Assert.Equal(1, await app.ScalarAsync<int>($"SELECT notification_attempts FROM store_alerts WHERE event_id = '{due[0]}'"));
    }

    [Fact]
    public async Task An_outcome_is_not_recorded_once_the_lease_has_passed_to_another_claim()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var (ledger, clock) = Ledger(app);
        var due = await InsertDueRowsAsync(app, 1);

        await using var stale = await ledger.ClaimDueAsync(1, Lease, CancellationToken.None);
        clock.Advance(Lease * 2);
        await using var fresh = await ledger.ClaimDueAsync(1, Lease, CancellationToken.None);

        Assert.Equal(due, fresh.Alerts.Select(a => a.EventId));
        Assert.False(await stale.MarkSentAsync(stale.Alerts[0]));
        Assert.Equal("Pending", await app.ScalarAsync<string>($"SELECT notification_status FROM store_alerts WHERE event_id = '{due[0]}'"));
        Assert.True(await fresh.MarkAttemptFailedAsync(fresh.Alerts[0], "451 try later", clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        Assert.Equal(("Pending", 1, "451 try later"), (
            await app.ScalarAsync<string>($"SELECT notification_status FROM store_alerts WHERE event_id = '{due[0]}'"),
            await app.ScalarAsync<int>($"SELECT notification_attempts FROM store_alerts WHERE event_id = '{due[0]}'"),
            await app.ScalarAsync<string>($"SELECT notification_last_error FROM store_alerts WHERE event_id = '{due[0]}'")));
    }

    private static (NotificationLedger Ledger, FakeTimeProvider Clock) Ledger(AlertApp app)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        return (new NotificationLedger(app.Services.GetRequiredService<IServiceScopeFactory>(), clock), clock);
    }

    /// <returns>The rows' event ids, in the order they fall due.</returns>
    private static async Task<string[]> InsertDueRowsAsync(AlertApp app, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync();
        for (var i = 0; i < count; i++)
        {
            // Inserted in reverse, so only the due time can put them in order.
            var n = count - 1 - i;
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO store_alerts (event_id, store_name, store_status, occurred_at, received_at, source_topic, source_partition,
                    source_offset, notification_status, notification_attempts, notification_next_attempt_at)
                VALUES ('{ids[n]}', 'Ledger {n}', 'CLOSED', now(), now(), 'ledger', 0, {n}, 'Pending', 0, now() + interval '1 hour' + interval '{n} seconds')
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }

        return ids;
    }
}
