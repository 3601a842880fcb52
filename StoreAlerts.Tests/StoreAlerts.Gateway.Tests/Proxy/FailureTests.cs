using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StoreAlerts.Gateway.Tests;

public sealed class FailureTests
{
    [Theory]
    [InlineData("GET", "/services/store/api/stores", "store")]
    [InlineData("POST", "/services/store/api/stores", "store")]
    [InlineData("GET", "/services/alert/api/store-alerts", "alert")]
    public async Task A_stopped_service_gives_a_quick_502_problem_naming_it(string method, string path, string service)
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        await (service == "store" ? gateway.Store : gateway.Alert).StopAsync();

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(502, problem.GetProperty("status").GetInt32());
        Assert.Equal(service, problem.GetProperty("service").GetString());
        Assert.Contains(service, problem.GetProperty("title").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_service_that_stays_silent_past_the_activity_timeout_gives_a_504_problem()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string> { ["Gateway:Proxy:ActivityTimeout"] = "00:00:01" });

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync("/services/store/api/stores/slow?delayMs=10000", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_alert_stream_is_forwarded_event_by_event_and_outlives_the_activity_timeout()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string> { ["Gateway:Proxy:ActivityTimeout"] = "00:00:01" });
        var cancellationToken = TestContext.Current.CancellationToken;

        // ASP.NET Core's server-sent events result sends its headers with the first event.
        var responding = gateway.Client.GetAsync("/services/alert/api/store-alerts/stream", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await WaitUntilAsync(() => gateway.Alert.Requests == 1);
        gateway.Alert.Publish("""{"id":1}""");
        using var response = await responding.WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));

        Assert.Equal("event: alert", await ReadLineAsync(reader));
        Assert.Equal("""data: {"id":1}""", await ReadLineAsync(reader));

        // Longer than the 1 s activity timeout of ordinary routes: the stream must still be open.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        gateway.Alert.Publish("""{"id":2}""");
        Assert.Equal("", await ReadLineAsync(reader));
        Assert.Equal("event: alert", await ReadLineAsync(reader));
        Assert.Equal("""data: {"id":2}""", await ReadLineAsync(reader));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader) =>
        await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(3));
}
