using System.Net.Http.Json;
using System.Text.Json;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

public sealed class ConsumerTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private static readonly TimeSpan EmailTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Event_becomes_one_row_and_one_email()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var evt = TestEvents.New();

        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);

        var row = Assert.Single(await app.WaitForRowsAsync(1, "notification_status = 'Sent'"));
        Assert.Equal(evt.EventId, row["event_id"]);
        Assert.Equal(evt.StoreId, row["store_id"]);
        Assert.Equal(evt.StoreName, row["store_name"]);
        Assert.Equal("Gran Via 32, Madrid", row["store_address"]);
        Assert.Equal("CLOSED", row["store_status"]);
        Assert.Equal("OPEN", row["previous_status"]);
        Assert.Equal(TestEvents.OccurredAt, ToOffset(row["occurred_at"]));
        Assert.True(ToOffset(row["received_at"]) > TestEvents.OccurredAt);
        Assert.Equal(1, row["notification_attempts"]);
        Assert.NotNull(row["notification_sent_at"]);
        Assert.Null(row["changed_by"]);

        var email = Assert.Single(await mailDev.WaitForEmailsAsync(e => HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 1, EmailTimeout));
        Assert.Equal($"Store Alert: {evt.StoreName} is now CLOSED", email.GetProperty("subject").GetString());
        Assert.Equal(AlertApp.DistributionList, email.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()));
        Assert.Equal(AlertApp.From, email.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Equal(evt.EventId, HeaderOf(email, "x-storealert-eventid"));
        Assert.Equal(evt.StoreId, HeaderOf(email, "x-storealert-storeid"));
        var storeLink = $"{AlertApp.GatewayBaseUrl}/stores/{evt.StoreId}";
        var text = email.GetProperty("text").GetString()!;
        Assert.Contains(evt.StoreName, text);
        Assert.Contains("Gran Via 32, Madrid", text);
        Assert.Contains("OPEN → CLOSED", text);
        Assert.Contains("2026-11-26 21:00:00 UTC", text);
        Assert.Contains(storeLink, text);
        var html = email.GetProperty("html").GetString()!;
        Assert.Contains($"<td>{evt.StoreName}</td>", html);
        Assert.Contains($"href=\"{storeLink}\"", html);

        using var client = app.CreateClient();
        var listed = await client.GetFromJsonAsync<JsonElement[]>($"/api/store-alerts?storeName={evt.StoreName}", TestContext.Current.CancellationToken);
        var alert = Assert.Single(listed!);
        Assert.Equal(evt.EventId, alert.GetProperty("eventId").GetString());
        Assert.Equal("Sent", alert.GetProperty("notification").GetProperty("status").GetString());
        Assert.Equal(TestEvents.OccurredAt, alert.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("changedBy").ValueKind);
    }

    [Fact]
    public async Task Changed_by_reaches_the_row_the_api_and_the_email()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var closed = TestEvents.New(changedBy: "admin");
        var edited = TestEvents.New(status: "OPEN", previous: "OPEN", changedBy: "<i>eve</i> & co");

        await app.Kafka.ProduceAsync(app.Topic, closed.StoreId, closed.Json);
        await app.Kafka.ProduceAsync(app.Topic, edited.StoreId, edited.Json);

        var rows = await app.WaitForRowsAsync(2, "notification_status = 'Sent'");
        Assert.Equal("admin", rows.Single(r => (string)r["event_id"]! == closed.EventId)["changed_by"]);
        Assert.Equal("<i>eve</i> & co", rows.Single(r => (string)r["event_id"]! == edited.EventId)["changed_by"]);
        var email = Assert.Single(await mailDev.WaitForEmailsAsync(e => HeaderOf(e, "message-id") == $"<{closed.EventId}@storealerts>", 1, EmailTimeout));
        Assert.Equal($"Store Alert: {closed.StoreName} is now CLOSED (closed by admin)", email.GetProperty("subject").GetString());
        Assert.Contains("Status: OPEN → CLOSED (closed by admin)", email.GetProperty("text").GetString()!);
        Assert.Contains("<td>OPEN → CLOSED (closed by admin)</td>", email.GetProperty("html").GetString()!);
        var editedEmail = Assert.Single(await mailDev.WaitForEmailsAsync(e => HeaderOf(e, "message-id") == $"<{edited.EventId}@storealerts>", 1, EmailTimeout));
        Assert.Equal($"Store Alert: {edited.StoreName} is now OPEN (changed by <i>eve</i> & co)", editedEmail.GetProperty("subject").GetString());
        Assert.Contains("(changed by &lt;i&gt;eve&lt;/i&gt; &amp; co)", editedEmail.GetProperty("html").GetString()!);
        Assert.DoesNotContain("<i>eve", editedEmail.GetProperty("html").GetString()!);

        using var client = app.CreateClient();
        var listed = await client.GetFromJsonAsync<JsonElement[]>($"/api/store-alerts?storeName={closed.StoreName}", TestContext.Current.CancellationToken);
        Assert.Equal("admin", Assert.Single(listed!).GetProperty("changedBy").GetString());
    }

    [Fact]
    public async Task Same_event_delivered_three_times_gives_one_row_and_one_email()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        using var metrics = new MetricRecorder(app);
        var evt = TestEvents.New();

        for (var i = 0; i < 3; i++)
        {
            await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);
        }

        await app.Kafka.WaitForCommittedAsync(app.Topic, app.GroupId, 3);

        await mailDev.WaitForEmailsAsync(e => HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 1, EmailTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // room for a wrong second email
        Assert.Single(await app.RowsAsync());
        Assert.Equal((1, 2, 1), (metrics["storealerts.alerts.stored"], metrics["storealerts.alerts.duplicates_skipped"], metrics["storealerts.emails.sent"]));
        Assert.Single(await mailDev.GetEmailsAsync(TestContext.Current.CancellationToken), e => HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>");
    }

    [Fact]
    public async Task Consumer_waits_for_a_topic_that_does_not_exist_yet()
    {
        // librdkafka's default metadata refresh finds the new topic within ~10 s; a faster one keeps the test short.
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, createTopic: false,
            ("Aspire:Confluent:Kafka:Consumer:Config:TopicMetadataRefreshIntervalMs", "500"));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // the loop polls a missing topic meanwhile
        var evt = TestEvents.New();

        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);

        var row = Assert.Single(await app.WaitForRowsAsync(1, timeout: TimeSpan.FromSeconds(30)));
        Assert.Equal(evt.EventId, row["event_id"]);
    }

    [Fact]
    public async Task Shutdown_commits_the_offsets_of_the_stored_alerts()
    {
        // Auto-commit is pushed out of reach, so only the shutdown's Close() can commit.
        var noAutoCommit = ("Aspire:Confluent:Kafka:Consumer:Config:AutoCommitIntervalMs", "600000");
        var first = await AlertApp.StartAsync(postgres, mailDev, kafka, overrides: noAutoCommit);
        var events = Enumerable.Range(0, 8).Select(_ => TestEvents.New()).ToList();
        foreach (var evt in events)
        {
            await first.Kafka.ProduceAsync(first.Topic, evt.StoreId, evt.Json);
        }

        await first.WaitForRowsAsync(8);
        Assert.Equal(0, first.Kafka.CommittedCount(first.Topic, first.GroupId));

        await first.DisposeAsync();

        Assert.Equal(8, first.Kafka.CommittedCount(first.Topic, first.GroupId));
    }

    internal static string? HeaderOf(JsonElement email, string name) =>
        email.GetProperty("headers").TryGetProperty(name, out var value) ? value.ToString() : null;

    internal static DateTimeOffset ToOffset(object? value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o,
        _ => throw new InvalidCastException($"{value} is not a time"),
    };
}
