using System.Diagnostics;
using System.Text;
using System.Text.Json;
using StoreAlerts.Testing;

namespace StoreAlerts.Faults.Tests;

/// <summary>
/// The Alert pipeline under faults, each scenario checking PostgreSQL, Kafka and MailDev afterwards and printing its figures.
/// Event counts stay well under the mock cluster's 5 MiB per partition, so a loss here is the pipeline's, not the broker's.
/// </summary>
[Trait("Category", "Fault")]
public sealed class AlertFaultTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alert_SIGKILLed_three_times_while_10000_events_flow_stores_each_once_and_emails_each_with_at_most_one_repeat_per_kill()
    {
        const int count = 10_000;
        const int kills = 3;
        await mailDev.DeleteAllAsync();
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka, mailDev);
        var alert = pipeline.NewAlert();
        await alert.StartAsync();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();

        // Each kill waits for the restarted process to make progress first, so all three land mid-stream on a working consumer.
        var killedAt = new List<long>();
        var producing = pipeline.ProduceAsync(ids.Select((id, i) => Pipeline.Event(id, $"Kill {i}")).ToList(), perSecond: 500);
        for (var kill = 1; kill <= kills; kill++)
        {
            var threshold = kill * count / (kills + 1);
            await pipeline.WaitForRowsAsync(threshold, Patience);
            killedAt.Add(await pipeline.RowsAsync());
            alert.Kill();
            await alert.StartAsync();
        }
        await producing;
        var recovering = Stopwatch.StartNew();
        await pipeline.WaitForRowsAsync(count, Patience);
        await pipeline.WaitUntilAsync(async () => await pipeline.ScalarAsync("SELECT count(*) FROM store_alerts WHERE notification_status = 'Sent'") >= count,
            Patience, $"{count} emails Sent");
        var drained = recovering.Elapsed;

        var wanted = ids.Select(id => $"<{id}@storealerts>").ToHashSet();
        var emails = (await mailDev.GetEmailsAsync(Cancel)).Select(MessageId).Where(wanted.Contains).ToList();
        var rows = await pipeline.RowsAsync();
        var distinctRows = await pipeline.ScalarAsync("SELECT count(DISTINCT event_id) FROM store_alerts");
        var repeats = emails.Count - emails.Distinct().Count();
        Pipeline.Print("SIGKILL x3", ("sent", count), ("rows", rows), ("duplicateRows", rows - distinctRows), ("emails", emails.Count),
            ("distinctEmails", emails.Distinct().Count()), ("repeatedEmails", repeats), ("rowsAtKills", string.Join('/', killedAt)),
            ("drainAfterLastEventS", drained.TotalSeconds.ToString("F1")));

        Assert.Equal(count, rows);
        Assert.Equal(count, distinctRows);
        Assert.True(wanted.SetEquals(emails), $"{wanted.Except(emails).Count()} alert(s) never emailed");
        Assert.InRange(repeats, 0, kills);
    }

    [Fact]
    public async Task Two_Alert_replicas_one_SIGKILLed_mid_stream_lose_nothing_and_store_nothing_twice()
    {
        const int count = 10_000;
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka);
        var first = pipeline.NewAlert();
        var second = pipeline.NewAlert();
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        var values = ids.Select((id, i) => Pipeline.Event(id, $"Replica {i}")).ToList();
        const int warmUp = 1_000;
        // Both replicas in the group and consuming before the kill.
        await pipeline.ProduceAsync(values[..warmUp], perSecond: 1000);
        await pipeline.WaitForRowsAsync(warmUp, Patience);
        var killed = Stopwatch.StartNew();
        long rowsAtKill = -1;
        await pipeline.ProduceAsync(values[warmUp..], perSecond: 1000, onProgress: async produced =>
        {
            if (rowsAtKill < 0 && produced >= (count - warmUp) / 3)
            {
                // Mid-stream means the replicas have stored some of this stream, which a loaded machine may not have done yet.
                await pipeline.WaitForRowsAsync(warmUp + 1, Patience);
                rowsAtKill = await pipeline.RowsAsync();
                second.Kill();
                killed.Restart();
            }
        });
        await pipeline.WaitForRowsAsync(count, Patience);
        var recovered = killed.Elapsed;

        var rows = await pipeline.RowsAsync();
        var distinct = await pipeline.ScalarAsync("SELECT count(DISTINCT event_id) FROM store_alerts");
        var byReplicaPartitions = await pipeline.ScalarAsync("SELECT count(DISTINCT source_partition) FROM store_alerts");
        Pipeline.Print("replicas", ("sent", count), ("rows", rows), ("duplicateRows", rows - distinct), ("rowsAtKill", rowsAtKill),
            ("partitions", byReplicaPartitions), ("allStoredSecondsAfterKill", recovered.TotalSeconds.ToString("F1")));
        Assert.InRange(rowsAtKill, warmUp + 1, count - 1);
        Assert.Equal(count, rows);
        Assert.Equal(count, distinct);
        await pipeline.WaitUntilAsync(() => Task.FromResult(pipeline.Committed() == count), TimeSpan.FromSeconds(30), "every offset committed by the survivor");
    }

    [Fact]
    public async Task Poison_records_of_every_kind_among_10000_valid_are_dead_lettered_and_never_stop_the_consumer()
    {
        const int valid = 10_000;
        const int poison = 1_000;
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka);
        var alert = pipeline.NewAlert();
        await alert.StartAsync();
        await pipeline.WaitForSchemaAsync();
        // A value the reader accepts and PostgreSQL refuses (a check constraint), so the batch splitting runs under volume too.
        await pipeline.ScalarAsync("ALTER TABLE store_alerts ADD CONSTRAINT no_poison CHECK (store_name NOT LIKE 'Poison%'); SELECT 1");

        var kinds = new Func<int, string>[]
        {
            i => $$"""{"storeName":"Nul\u0000{{i}}","storeStatus":"CLOSED"}""",
            i => Pipeline.Event(Guid.NewGuid().ToString(), $"Bell\u0007{i}"),
            i => Pipeline.Event(Guid.NewGuid().ToString(), $"Poison {i}"),
            i => "{\"eventId\": \"x" + i + "\", \"storeName\": ",
            i => $$"""{"eventId":"w{{i}}","schemaVersion":1,"storeName":{{i}},"storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""",
            i => $$"""{"eventId":"v{{i}}","schemaVersion":7,"storeName":"Zara","storeStatus":"OPEN","occurredAt":"2026-11-26T21:00:00Z"}""",
            _ => "",
            _ => "not UTF-8",
        };
        var total = valid + poison;
        var values = new List<string>(total);
        var isPoison = new bool[total];
        var ids = new List<string>();
        for (int i = 0, p = 0; i < total; i++)
        {
            if (i % 11 == 5 && p < poison)
            {
                isPoison[i] = true;
                values.Add(kinds[p % kinds.Length](p));
                p++;
            }
            else
            {
                var id = Guid.NewGuid().ToString();
                ids.Add(id);
                values.Add(Pipeline.Event(id, $"Valid {i}"));
            }
        }
        Assert.Equal(valid, ids.Count);

        var statuses = new List<int>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                statuses.Add((await alert.GetAsync("/health")).Status);
                await Task.Delay(500, Cancel);
            }
        }, Cancel);
        var clock = Stopwatch.StartNew();
        await pipeline.ProduceAsync(values, perSecond: 2000,
            raw: i => values[i] == "not UTF-8" ? [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D] : null);
        await pipeline.WaitForRowsAsync(valid, Patience);
        await pipeline.WaitUntilAsync(() => Task.FromResult(pipeline.DeadLetters() >= poison && pipeline.Committed() >= total), Patience, "every record dead-lettered or committed");
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        var rows = await pipeline.RowsAsync();
        var distinct = await pipeline.ScalarAsync("SELECT count(DISTINCT event_id) FROM store_alerts");
        var deadLetters = pipeline.DeadLetters();
        Pipeline.Print("poison", ("sent", total), ("valid", valid), ("poison", poison), ("rows", rows), ("duplicateRows", rows - distinct),
            ("deadLetters", deadLetters), ("committed", pipeline.Committed()), ("unhealthySamples", statuses.Count(s => s == 503)),
            ("seconds", elapsed.TotalSeconds.ToString("F1")));
        Assert.Equal(valid, rows);
        Assert.Equal(valid, distinct);
        Assert.Equal(poison, deadLetters);
        Assert.Equal(1, alert.Starts);
        Assert.DoesNotContain(503, statuses);
    }

    [Fact]
    public async Task Postgres_stopped_longer_than_max_poll_interval_never_lets_an_offset_pass_its_row_and_stores_all_afterwards()
    {
        const int count = 3_000;
        await using var privatePostgres = new PostgresServer();
        await privatePostgres.InitializeAsync();
        await using var pipeline = await Pipeline.CreateAsync(privatePostgres, kafka);
        var alert = pipeline.NewAlert(
            ("Aspire__Confluent__Kafka__Consumer__Config__MaxPollIntervalMs", "7000"),
            ("Alert__Consumer__BatchSize", "100"));
        await alert.StartAsync();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();

        var producing = pipeline.ProduceAsync(ids.Select((id, i) => Pipeline.Event(id, $"Outage {i}")).ToList(), perSecond: 300);
        await pipeline.WaitForRowsAsync(300, Patience);
        await privatePostgres.StopAsync();
        var outage = Stopwatch.StartNew();
        long committedDuringOutage = 0;
        while (outage.Elapsed < TimeSpan.FromSeconds(12))
        {
            committedDuringOutage = Math.Max(committedDuringOutage, pipeline.Committed());
            await Task.Delay(500, Cancel);
        }
        await privatePostgres.StartAsync();
        var rowsAfterOutage = await pipeline.RowsAsync();
        Assert.True(committedDuringOutage <= rowsAfterOutage, $"committed {committedDuringOutage} during the outage is ahead of the {rowsAfterOutage} rows");

        await producing;
        var recovering = Stopwatch.StartNew();
        while (await pipeline.RowsAsync() < count)
        {
            // Committed is read before rows: rows only grow, so this proves offsets never lead.
            var committed = pipeline.Committed();
            var rowsNow = await pipeline.RowsAsync();
            Assert.True(committed <= rowsNow, $"committed {committed} is ahead of the {rowsNow} rows");
            Assert.True(recovering.Elapsed < Patience, $"only {rowsNow} rows after {Patience}:\n{alert.Tail}");
            await Task.Delay(200, Cancel);
        }

        var rows = await pipeline.RowsAsync();
        var distinct = await pipeline.ScalarAsync("SELECT count(DISTINCT event_id) FROM store_alerts");
        Pipeline.Print("postgres outage", ("sent", count), ("rows", rows), ("duplicateRows", rows - distinct), ("outageS", 12),
            ("committedDuringOutage", committedDuringOutage), ("rowsAfterOutage", rowsAfterOutage),
            ("recoverS", recovering.Elapsed.TotalSeconds.ToString("F1")));
        Assert.Equal(count, rows);
        Assert.Equal(count, distinct);
    }

    [Fact]
    public async Task Two_field_messages_before_and_after_a_restart_of_the_local_mode_broker_are_all_stored()
    {
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka);
        var before = KafkaMockCluster.Start();
        pipeline.UseBroker(before);
        var alert = pipeline.NewAlert();
        await alert.StartAsync();
        string[] legacy = ["""{"storeName":"Legacy A","storeStatus":"CLOSED"}""", """{"storeName":"Legacy B","storeStatus":"OPEN"}""",
            """{"storeName":"Legacy C","storeStatus":"CLOSED"}"""];
        await pipeline.ProduceAsync(legacy, perSecond: 100);
        await pipeline.WaitForRowsAsync(3, TimeSpan.FromSeconds(60));

        // The local-mode system restarts: a new in-memory broker whose offsets start at 0 again, the same PostgreSQL.
        alert.Kill();
        before.Dispose();
        using var after = KafkaMockCluster.Start();
        pipeline.UseBroker(after);
        var restarted = pipeline.NewAlert();
        var clock = Stopwatch.StartNew();
        await restarted.StartAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(5), Cancel); // a later timestamp, as any real restart gives
        await pipeline.ProduceAsync(legacy, perSecond: 100);
        await pipeline.WaitForRowsAsync(6, TimeSpan.FromSeconds(60));

        var rows = await pipeline.RowsAsync();
        var reusedOffsets = await pipeline.ScalarAsync("SELECT count(*) FROM (SELECT source_partition, source_offset FROM store_alerts GROUP BY 1, 2 HAVING count(*) > 1) x");
        Pipeline.Print("two-field across restart", ("sentBefore", 3), ("sentAfter", 3), ("rows", rows), ("offsetsSeenTwice", reusedOffsets),
            ("secondsToStoreAfterRestart", clock.Elapsed.TotalSeconds.ToString("F1")));
        Assert.Equal(6, rows);
        Assert.Equal(3, reusedOffsets); // the same positions came back, and still nothing was taken for a duplicate
    }

    [Fact]
    public async Task Alert_paused_60_seconds_while_20000_events_queue_catches_up_without_duplicates()
    {
        const int warmUp = 1_000;
        const int queued = 20_000;
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka);
        var alert = pipeline.NewAlert();
        await alert.StartAsync();
        var ids = Enumerable.Range(0, warmUp + queued).Select(_ => Guid.NewGuid().ToString()).ToList();
        var values = ids.Select((id, i) => Pipeline.Event(id, $"Paused {i}")).ToList();
        await pipeline.ProduceAsync(values[..warmUp], perSecond: 2000);
        await pipeline.WaitForRowsAsync(warmUp, Patience);

        alert.Pause();
        var paused = Stopwatch.StartNew();
        await pipeline.ProduceAsync(values[warmUp..], perSecond: 2000);
        var remaining = TimeSpan.FromSeconds(60) - paused.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, Cancel);
        }

        var rowsWhilePaused = await pipeline.RowsAsync();
        alert.Resume();
        var catchingUp = Stopwatch.StartNew();
        await pipeline.WaitForRowsAsync(warmUp + queued, Patience);
        var caughtUp = catchingUp.Elapsed;

        var rows = await pipeline.RowsAsync();
        var distinct = await pipeline.ScalarAsync("SELECT count(DISTINCT event_id) FROM store_alerts");
        Pipeline.Print("SIGSTOP 60 s", ("sent", warmUp + queued), ("rowsWhilePaused", rowsWhilePaused), ("rows", rows),
            ("duplicateRows", rows - distinct), ("catchUpS", caughtUp.TotalSeconds.ToString("F1")),
            ("eventsPerS", ((queued) / caughtUp.TotalSeconds).ToString("F0")));
        Assert.Equal(warmUp, rowsWhilePaused);
        Assert.Equal(warmUp + queued, rows);
        Assert.Equal(warmUp + queued, distinct);
    }

    [Fact]
    public async Task SMTP_answering_4xx_for_a_while_then_accepting_sends_each_once_and_5xx_fails_until_a_resend_sends_it_once()
    {
        await mailDev.DeleteAllAsync();
        await using var proxy = new SmtpFaultProxy(mailDev.SmtpPort) { Refusal = "451 4.3.0 Try again later" };
        await using var pipeline = await Pipeline.CreateAsync(postgres, kafka);
        var alert = pipeline.NewAlert(("ConnectionStrings__maildev", proxy.ConnectionString), ("Alert__Email__MaxAttempts", "100"));
        await alert.StartAsync();
        await pipeline.WaitForSchemaAsync();

        // 4xx for a while: every email stays Pending and is tried again.
        var transient = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToList();
        await pipeline.ProduceAsync(transient.Select((id, i) => Pipeline.Event(id, $"Busy {i}")).ToList(), perSecond: 100);
        await pipeline.WaitUntilAsync(async () => await pipeline.ScalarAsync(
            "SELECT count(*) FROM store_alerts WHERE notification_status = 'Pending' AND notification_attempts >= 2") == transient.Count,
            Patience, "every email refused twice with 4xx");
        var refusedWhileBusy = proxy.Refused;
        proxy.Refusal = null;
        var accepting = Stopwatch.StartNew();
        await pipeline.WaitUntilAsync(async () => await pipeline.ScalarAsync("SELECT count(*) FROM store_alerts WHERE notification_status = 'Sent'") == transient.Count,
            Patience, "every email Sent once the server accepts");
        var recovered = accepting.Elapsed;

        // 5xx: Failed at once; a resend sends it, once.
        proxy.Refusal = "550 5.7.1 Rejected by policy";
        var permanent = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();
        await pipeline.ProduceAsync(permanent.Select((id, i) => Pipeline.Event(id, $"Rejected {i}")).ToList(), perSecond: 100);
        await pipeline.WaitUntilAsync(async () => await pipeline.ScalarAsync("SELECT count(*) FROM store_alerts WHERE notification_status = 'Failed'") == permanent.Count,
            Patience, "every rejected email Failed");
        var failedAttempts = await pipeline.ScalarAsync("SELECT max(notification_attempts) FROM store_alerts WHERE notification_status = 'Failed'");
        proxy.Refusal = null;
        using var http = alert.CreateClient();
        var failedIds = new List<long>();
        foreach (var eventId in permanent)
        {
            failedIds.Add(await pipeline.ScalarAsync($"SELECT id FROM store_alerts WHERE event_id = '{eventId}'"));
        }
        foreach (var id in failedIds)
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await http.PostAsync($"/api/store-alerts/{id}/resend", null, Cancel)).StatusCode);
            // Asking twice queues it once: the second is a conflict while it is Pending or Sent.
            Assert.Equal(System.Net.HttpStatusCode.Conflict, (await http.PostAsync($"/api/store-alerts/{id}/resend", null, Cancel)).StatusCode);
        }
        await pipeline.WaitUntilAsync(async () => await pipeline.ScalarAsync("SELECT count(*) FROM store_alerts WHERE notification_status = 'Sent'") == transient.Count + permanent.Count,
            Patience, "every resent email Sent");
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel); // room for a wrong second send to show up

        var wanted = transient.Concat(permanent).Select(id => $"<{id}@storealerts>").ToHashSet();
        var emails = (await mailDev.GetEmailsAsync(Cancel)).Select(MessageId).Where(wanted.Contains).ToList();
        Pipeline.Print("SMTP 4xx/5xx", ("sent", wanted.Count), ("refused4xx", refusedWhileBusy), ("sentSecondsAfterAccepting", recovered.TotalSeconds.ToString("F1")),
            ("failedAfterAttempts", failedAttempts), ("emails", emails.Count), ("distinctEmails", emails.Distinct().Count()));
        Assert.Equal(1, failedAttempts);
        Assert.Equal(wanted.Count, emails.Count);
        Assert.True(wanted.SetEquals(emails));
    }

    private static string MessageId(JsonElement email) =>
        email.TryGetProperty("headers", out var headers) && headers.TryGetProperty("message-id", out var id) ? id.GetString() ?? "" : "";
}
