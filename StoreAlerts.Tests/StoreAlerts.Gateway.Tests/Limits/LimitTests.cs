using System.Net;
using System.Text;
using System.Text.Json;

namespace StoreAlerts.Gateway.Tests;

/// <summary>What one client may send through the gateway: a write rate and a body size.</summary>
public sealed class LimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_beyond_the_burst_are_a_429_problem_with_retry_after_and_never_reach_the_service()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Gateway:Limits:WriteBurst"] = "3",
            ["Gateway:Limits:WritesPerSecond"] = "1",
        });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await gateway.Client.PostAsync("/services/store/api/stores", Json("""{"name":"Zara","address":"x"}"""), Ct);
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(3, gateway.Store.RequestsOf("POST"));
        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetInt32());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);

        // Reads are not limited.
        for (var i = 0; i < 10; i++)
        {
            using var read = await gateway.Client.GetAsync("/services/store/api/stores", Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem_and_never_reaches_the_service()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string> { ["Gateway:Limits:MaxRequestBodySize"] = "1024" });

        using var large = await gateway.Client.PostAsync("/services/store/api/stores", Json(Padded(1025)), Ct);
        using var fits = await gateway.Client.PostAsync("/services/store/api/stores", Json(Padded(1024)), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Equal(1, gateway.Store.RequestsOf("POST"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string> { ["Gateway:Limits:MaxRequestBodySize"] = "1024" });
        using var request = new HttpRequestMessage(HttpMethod.Put, "/services/store/api/stores/6650a1b2c3d4e5f601234567")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(64 * 1024)))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await gateway.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Padded(int totalBytes)
    {
        const string Head = """{"name":"Padded","address":"x","padding":" """;
        return Head + new string('p', totalBytes - Head.Length - 2) + "\"}";
    }
}
