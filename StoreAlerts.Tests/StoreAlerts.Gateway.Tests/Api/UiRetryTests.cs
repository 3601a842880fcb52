using System.Net;
using System.Text.RegularExpressions;

namespace StoreAlerts.Gateway.Tests;

/// <summary>The UI's own calls to the services: reads may be retried, writes never.</summary>
public sealed partial class UiRetryTests
{
    private static readonly Dictionary<string, string> ShortAttempts = new()
    {
        ["Gateway:Ui:Resilience:AttemptTimeout:Timeout"] = "00:00:00.500",
        ["Gateway:Ui:Resilience:TotalRequestTimeout:Timeout"] = "00:00:05",
        ["Gateway:Ui:Resilience:Retry:Delay"] = "00:00:00.050",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_create_in_the_ui_against_a_store_slower_than_the_attempt_timeout_reaches_it_exactly_once()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(ShortAttempts);
        gateway.Store.Delay = TimeSpan.FromSeconds(1.5);
        var form = await gateway.Client.GetStringAsync("/stores/new", Ct);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;

        using var submitted = await gateway.Client.PostAsync("/stores/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-store",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Model.Name"] = "Zara",
            ["Model.Address"] = "Gran Via 32",
            ["Model.Status"] = "OPEN",
        }), Ct);
        var page = await submitted.Content.ReadAsStringAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // long enough for any retry to have arrived

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Contains("The store service is unavailable right now.", page);
        Assert.Equal(1, gateway.Store.RequestsOf("POST"));
    }

    [Fact]
    public async Task A_read_that_times_out_is_tried_again()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(ShortAttempts);
        gateway.Store.Delay = TimeSpan.FromSeconds(1.5);

        using var response = await gateway.Client.GetAsync("/stores", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(gateway.Store.RequestsOf("GET") > 1, $"{gateway.Store.RequestsOf("GET")} GET(s) reached the store");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
