using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

public sealed class EmailTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_name_with_CRLF_is_dead_lettered_and_HTML_is_encoded()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var injected = TestEvents.New(name: $"Evil {marker}\r\nBcc: victim@example.com\r\nX-Injected: yes");
        var evt = TestEvents.New(name: $"Evil {marker} <script>alert(1)</script>", address: "<b>Main</b> & \"Square\"");

        await app.Kafka.ProduceAsync(app.Topic, "one-partition", injected.Json);
        await app.Kafka.ProduceAsync(app.Topic, "one-partition", evt.Json);

        var email = Assert.Single(await mailDev.WaitForEmailsAsync(e => ConsumerTests.HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 1, TimeSpan.FromSeconds(20)));
        var headers = email.GetProperty("headers");
        Assert.False(headers.TryGetProperty("bcc", out _));
        Assert.False(headers.TryGetProperty("x-injected", out _));
        Assert.Equal(AlertApp.DistributionList, email.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()));
        Assert.StartsWith($"Store Alert: Evil {marker}", email.GetProperty("subject").GetString()!);

        var html = email.GetProperty("html").GetString()!;
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;b&gt;Main&lt;/b&gt; &amp; &quot;Square&quot;", html);
        Assert.DoesNotContain("<b>Main</b>", html);

        // The name a mail header cannot hold never becomes a row or an email: it is dead-lettered, naming the field.
        var deadLetter = Assert.Single(app.Kafka.ReadAll(app.Topic + ".DLT", 1));
        Assert.Equal("storeName", KafkaTestClient.Header(deadLetter, StoreAlerts.Alert.Consumer.DeadLetterPublisher.FieldHeader));
        Assert.Equal(0L, await app.ScalarAsync<long>($"SELECT count(*) FROM store_alerts WHERE event_id = '{injected.EventId}'"));
    }

    [Fact]
    public async Task Resend_queues_a_failed_email_again_and_it_goes_out_once()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka);
        var evt = TestEvents.New();
        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);
        var row = Assert.Single(await app.WaitForRowsAsync(1, "notification_status = 'Sent'"));
        var id = (long)row["id"]!;
        await mailDev.WaitForEmailsAsync(e => ConsumerTests.HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 1, TimeSpan.FromSeconds(20));
        using var client = app.CreateClient();

        var notFailed = await client.PostAsync($"/api/store-alerts/{id}/resend", null, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, notFailed.StatusCode);
        Assert.Equal("application/problem+json", notFailed.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Sent", (await notFailed.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("notificationStatus").GetString());

        await MarkFailedAsync(app, id);
        var accepted = await client.PostAsync($"/api/store-alerts/{id}/resend", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await app.WaitForRowsAsync(1, $"id = {id} AND notification_status = 'Sent' AND notification_last_error IS NULL");
        await mailDev.WaitForEmailsAsync(e => ConsumerTests.HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 2, TimeSpan.FromSeconds(20));
        var alert = await client.GetFromJsonAsync<JsonElement>($"/api/store-alerts/{id}", Cancel);
        Assert.Equal("Sent", alert.GetProperty("notification").GetProperty("status").GetString());
        Assert.Equal(1, alert.GetProperty("notification").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Permanent_SMTP_refusal_marks_the_alert_Failed_without_retrying()
    {
        // A real MailDev that requires authentication refuses (530) a client that has none.
        await using var strictMailDev = new MailDevServer { ExtraArguments = ["--incoming-user", "alerts", "--incoming-pass", "secret"] };
        await strictMailDev.InitializeAsync();
        await using var app = await AlertApp.StartAsync(postgres, strictMailDev, kafka);
        using var metrics = new MetricRecorder(app);
        var evt = TestEvents.New();

        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);

        var row = Assert.Single(await app.WaitForRowsAsync(1, "notification_status = 'Failed'"));
        Assert.Equal(1, row["notification_attempts"]);
        Assert.Contains("authentication", (string)row["notification_last_error"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Null(row["notification_sent_at"]);
        Assert.Equal((0, 1), (metrics["storealerts.emails.sent"], metrics["storealerts.emails.failed"]));
        using var client = app.CreateClient();
        var health = await client.GetStringAsync("/health", Cancel);
        Assert.Equal("Degraded", health);
    }

    [Fact]
    public async Task Credentials_in_the_connection_string_authenticate_to_the_SMTP_server()
    {
        await using var strictMailDev = new MailDevServer { ExtraArguments = ["--incoming-user", "alerts", "--incoming-pass", "secret"] };
        await strictMailDev.InitializeAsync();
        await using var app = await AlertApp.StartAsync(postgres, strictMailDev, kafka,
            overrides: [("ConnectionStrings:maildev", strictMailDev.ConnectionString + ";Username=alerts;Password=secret")]);
        var evt = TestEvents.New();

        await app.Kafka.ProduceAsync(app.Topic, evt.StoreId, evt.Json);

        await app.WaitForRowsAsync(1, "notification_status = 'Sent'");
        Assert.Single(await strictMailDev.WaitForEmailsAsync(e => ConsumerTests.HeaderOf(e, "message-id") == $"<{evt.EventId}@storealerts>", 1, TimeSpan.FromSeconds(20)));
    }

    private static async Task MarkFailedAsync(AlertApp app, long id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AlertDbContext>();
        await db.StoreAlerts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.NotificationStatus, NotificationStatus.Failed)
            .SetProperty(a => a.NotificationAttempts, 5)
            .SetProperty(a => a.NotificationLastError, "SMTP 550 (MailboxUnavailable): no such user"));
    }
}
