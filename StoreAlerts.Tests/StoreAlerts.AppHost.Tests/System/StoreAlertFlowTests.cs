using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// The whole flow through real processes: browser-facing gateway → Store → Kafka dev broker → Alert → PostgreSQL →
/// email in MailDev.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public class StoreAlertFlowTests(StoreAlertsAppFixture system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Closing_a_store_through_the_gateway_records_one_alert_and_emails_the_distribution_list()
    {
        using var gateway = system.CreateClient(ResourceNames.Gateway);
        var name = $"Zara {Guid.NewGuid():N}";
        using var created = await gateway.PostAsJsonAsync("/services/store/api/stores", new { name, address = "Gran Via 32", status = "OPEN" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var storeId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        using var closed = await gateway.SendAsync(StoreRequests.PutIfMatch($"/services/store/api/stores/{storeId}", "\"1\"", new { name, address = "Gran Via 32", status = "CLOSED" }), Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var alert = await EventuallyAsync(async () =>
            (await AlertsAsync(gateway, name)) is [var only] && only.GetProperty("notification").GetProperty("status").GetString() == "Sent" ? only : (JsonElement?)null);
        Assert.Equal((storeId, "CLOSED", "OPEN"),
            (alert.GetProperty("storeId").GetString(), alert.GetProperty("storeStatus").GetString(), alert.GetProperty("previousStatus").GetString()));
        var messageId = $"<{alert.GetProperty("eventId").GetString()}@storealerts>";
        var email = await EventuallyAsync(async () => (await InboxAsync()).FirstOrDefault(e => Header(e, "message-id") == messageId) is { ValueKind: JsonValueKind.Object } found ? found : (JsonElement?)null);
        Assert.Equal("store-managers@storealerts.local", email.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Contains(name, email.GetProperty("subject").GetString());

        using var stale = await gateway.SendAsync(StoreRequests.PutIfMatch($"/services/store/api/stores/{storeId}", "\"1\"", new { name, address = "Gran Via 32", status = "OPEN" }), Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // time enough for a wrongly published event to become an alert
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Single(await AlertsAsync(gateway, name));
    }

    private static async Task<JsonElement[]> AlertsAsync(HttpClient gateway, string storeName) =>
        [.. (await gateway.GetFromJsonAsync<JsonElement>($"/services/alert/api/store-alerts?storeName={Uri.EscapeDataString(storeName)}", Ct)).EnumerateArray()];

    private async Task<JsonElement[]> InboxAsync()
    {
        using var maildev = system.CreateClient(ResourceNames.MailDev);
        return [.. JsonDocument.Parse(await maildev.GetStringAsync("/api/email", Ct)).RootElement.EnumerateArray()];
    }

    private static string? Header(JsonElement email, string name) =>
        email.TryGetProperty("headers", out var headers) && headers.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not there within {Patience.TotalSeconds} s.");
            await Task.Delay(250, Ct);
        }
    }
}
