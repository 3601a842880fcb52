using System.Net;

namespace StoreAlerts.Gateway.Tests;

/// <summary>Server-rendered pages over plain HTTP; what needs a browser is in the AppHost tests' Browser folder.</summary>
public sealed class PageTests
{
    [Fact]
    public async Task The_home_page_links_to_the_dashboard_and_the_inbox_in_development()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Links:Dashboard"] = "http://localhost:18888/",
            ["Links:MailDev"] = "http://localhost:1080/",
        });

        var page = await gateway.Client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("<a href=\"http://localhost:18888/\" target=\"_blank\" rel=\"noopener\">Aspire dashboard</a>", page);
        Assert.Contains("<a href=\"http://localhost:1080/\" target=\"_blank\" rel=\"noopener\">MailDev inbox</a>", page);
    }

    [Fact]
    public async Task The_stores_page_says_when_the_store_service_is_unavailable()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        await gateway.Store.StopAsync();

        using var response = await gateway.Client.GetAsync("/stores", TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<div class=\"notice error\" role=\"alert\"><strong>The store service is unavailable right now.</strong>", page);
    }

    [Fact]
    public async Task The_alerts_page_says_when_the_alert_service_answers_nonsense()
    {
        // The echo backend answers the list request with an object describing the request, not an array of alerts.
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync("/alerts", TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>The alert service gave an answer the gateway does not understand.</strong>", page);
    }

    [Fact]
    public async Task The_alerts_page_says_who_changed_each_store()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        gateway.Alert.Answer("/api/store-alerts", $"[{Alert(1, "CLOSED", "OPEN", "\"admin\"")},{Alert(2, "OPEN", "OPEN", "\"<b>eve</b>\"")},{Alert(3, "OPEN", "CLOSED", "null")}]");

        var page = await gateway.Client.GetStringAsync("/alerts", TestContext.Current.CancellationToken);

        Assert.Contains("<span class=\"muted block changed-by\">closed by admin</span>", page);
        Assert.Contains("<span class=\"muted block changed-by\">changed by &lt;b&gt;eve&lt;/b&gt;</span>", page);
        Assert.Equal(2, page.Split("changed-by").Length - 1);
    }

    [Fact]
    public async Task The_store_page_says_who_created_and_last_changed_the_store()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        gateway.Store.Answer("/api/stores/6650a1b2c3d4e5f601234567", """
            {"id":"6650a1b2c3d4e5f601234567","name":"Zara","address":"Gran Via 32","status":"CLOSED",
             "createTimestamp":"2026-11-26T21:00:00Z","updateTimestamp":"2026-11-26T22:00:00Z","version":2,"createdBy":"ana","lastModifiedBy":"admin"}
            """);

        var page = await gateway.Client.GetStringAsync("/stores/6650a1b2c3d4e5f601234567", TestContext.Current.CancellationToken);

        Assert.Matches(@"<dt>Created</dt>\s*<dd>.*? by ana</dd>", page);
        Assert.Matches(@"<dt>Last updated</dt>\s*<dd>.*? by admin</dd>", page);
    }

    [Fact]
    public async Task An_unknown_page_is_404_with_the_not_found_page()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();

        using var response = await gateway.Client.GetAsync("/no-such-page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string Alert(long id, string status, string previous, string changedBy) => $$$"""
        {"id":{{{id}}},"eventId":"e{{{id}}}","storeId":"6650a1b2c3d4e5f60123456{{{id}}}","storeName":"Zara {{{id}}}","storeAddress":null,
         "storeStatus":"{{{status}}}","previousStatus":"{{{previous}}}","occurredAt":"2026-11-26T21:00:00Z","receivedAt":"2026-11-26T21:00:01Z",
         "changedBy":{{{changedBy}}},"notification":{"status":"Sent","attempts":1,"lastError":null,"sentAt":"2026-11-26T21:00:02Z"}}
        """;
}
