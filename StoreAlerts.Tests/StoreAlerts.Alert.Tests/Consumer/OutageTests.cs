using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>Each test stops a server, so it runs its own instead of the shared one.</summary>
public sealed class OutageTests(PostgresServer sharedPostgres, MailDevServer sharedMailDev, KafkaMockCluster kafka)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_stopped_mid_stream_then_started_stores_all_1000_events_once_and_offsets_never_lead_rows()
    {
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        await using var app = await AlertApp.StartAsync(postgres, sharedMailDev, kafka, overrides:
        [
            ("Alert:Consumer:BatchSize", "50"),
            ("Alert:Email:PollInterval", "00:01:00"), // keep the dispatcher's database traffic out of this test
        ]);
        var events = Enumerable.Range(0, 1000).Select(_ => TestEvents.New()).ToList();

        await ProduceAsync(app, events[..400]);
        await app.WaitForRowsAsync(100);
        await postgres.StopAsync();
        var producing = ProduceAsync(app, events[400..], pause: TimeSpan.FromMilliseconds(2));

        // While the database is down nothing more may be committed.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var committedAtOutage = app.Kafka.CommittedCount(app.Topic, app.GroupId);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.Equal(committedAtOutage, app.Kafka.CommittedCount(app.Topic, app.GroupId));
        await producing;

        await postgres.StartAsync();
        Assert.True(committedAtOutage <= await app.ScalarAsync<long>("SELECT count(*) FROM store_alerts"),
            "the offsets committed before the outage are ahead of the stored rows");
        while (await app.ScalarAsync<long>("SELECT count(*) FROM store_alerts") < 1000)
        {
            // Committed is read before rows: rows only grow, so this proves offsets never lead.
            var committed = app.Kafka.CommittedCount(app.Topic, app.GroupId);
            Assert.True(committed <= await app.ScalarAsync<long>("SELECT count(*) FROM store_alerts"), $"committed {committed} is ahead of the rows");
            await Task.Delay(100, Cancel);
        }

        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 1000);
        Assert.Equal(1000L, await app.ScalarAsync<long>("SELECT count(DISTINCT event_id) FROM store_alerts"));
        Assert.Equal(1000L, await app.ScalarAsync<long>("SELECT count(*) FROM store_alerts"));
        var stored = (await app.RowsAsync()).Select(r => (string)r["event_id"]!).ToHashSet();
        Assert.True(stored.SetEquals(events.Select(e => e.EventId)));
    }

    [Fact]
    public async Task MailDev_stopped_keeps_alerts_pending_then_sends_each_email_once_when_it_returns()
    {
        await using var mailDev = new MailDevServer();
        await mailDev.InitializeAsync();
        await using var app = await AlertApp.StartAsync(sharedPostgres, mailDev, kafka);
        await mailDev.StopAsync();
        var events = Enumerable.Range(0, 5).Select(_ => TestEvents.New()).ToList();

        await ProduceAsync(app, events);
        await app.WaitForRowsAsync(5);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel); // several dispatch attempts meet a closed port
        var pending = await app.RowsAsync();
        Assert.All(pending, r => Assert.Equal(("Pending", 0), ((string)r["notification_status"]!, (int)r["notification_attempts"]!)));

        await mailDev.StartAsync();
        await app.WaitForRowsAsync(5, "notification_status = 'Sent'", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var emails = await mailDev.GetEmailsAsync(Cancel);
        Assert.Equal(events.Select(e => $"<{e.EventId}@storealerts>").Order(),
            emails.Select(e => ConsumerTests.HeaderOf(e, "message-id")).Order());
    }

    [Fact]
    public async Task Shutdown_with_Kafka_down_ends_within_the_session_timeout()
    {
        using var privateKafka = KafkaMockCluster.Start();
        var app = await AlertApp.StartAsync(sharedPostgres, sharedMailDev, privateKafka);
        var evt = TestEvents.New();
        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);
        await app.WaitForRowsAsync(1);
        privateKafka.SetBrokerDown();

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await app.DisposeAsync();

        // Close() waits for the session timeout (the service sets 10 s; librdkafka's 45 s would outlast the host's
        // 30 s shutdown timeout, after which the host disposes a consumer that is still closing).
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"shutdown took {stopwatch.Elapsed}");
    }

    private static async Task ProduceAsync(AlertApp app, IEnumerable<TestEvents.Event> events, TimeSpan? pause = null)
    {
        foreach (var evt in events)
        {
            await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);
            if (pause is { } p)
            {
                await Task.Delay(p);
            }
        }
    }
}
