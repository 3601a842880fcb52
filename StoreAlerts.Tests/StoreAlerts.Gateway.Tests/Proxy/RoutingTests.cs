using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace StoreAlerts.Gateway.Tests;

public sealed class RoutingTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = default!;

    private HttpClient Client => _gateway.Client;

    public async ValueTask InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync();

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Store_route_forwards_method_path_query_headers_and_body_intact()
    {
        var json = """{"name":"Zara","address":"Gran Via 32","status":"OPEN"}""";
        using var request = new HttpRequestMessage(HttpMethod.Put, "/services/store/api/stores/6650a1b2c3d4e5f601234567?x=1&name=za%20ra&name=b")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Correlation", "abc-123");
        request.Headers.IfMatch.ParseAdd("\"3\"");

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("store", echoed.Backend);
        Assert.Equal("PUT", echoed.Method);
        Assert.Equal("/api/stores/6650a1b2c3d4e5f601234567", echoed.Path);
        Assert.Equal("?x=1&name=za%20ra&name=b", echoed.Query);
        Assert.Equal(json, echoed.Body);
        Assert.Equal("application/json; charset=utf-8", echoed.Headers["content-type"]);
        Assert.Equal("abc-123", echoed.Headers["x-correlation"]);
        Assert.Equal("\"3\"", echoed.Headers["if-match"]);
        Assert.Equal("127.0.0.1", echoed.Headers["x-forwarded-for"]);
        Assert.Equal("http", echoed.Headers["x-forwarded-proto"]);
        Assert.Equal(Client.BaseAddress!.Authority, echoed.Headers["x-forwarded-host"]);
    }

    [Theory]
    [InlineData("GET", "/services/store/api/stores", "store", "/api/stores")]
    [InlineData("GET", "/services/store/api/stores?page=1&size=5&sort=name,asc", "store", "/api/stores")]
    [InlineData("POST", "/services/store/api/stores", "store", "/api/stores")]
    [InlineData("PATCH", "/services/store/api/stores/6650a1b2c3d4e5f601234567", "store", "/api/stores/6650a1b2c3d4e5f601234567")]
    [InlineData("DELETE", "/services/store/api/stores/6650a1b2c3d4e5f601234567", "store", "/api/stores/6650a1b2c3d4e5f601234567")]
    [InlineData("GET", "/services/alert/api/store-alerts?page=0&status=CLOSED", "alert", "/api/store-alerts")]
    [InlineData("GET", "/services/alert/api/store-alerts/42", "alert", "/api/store-alerts/42")]
    [InlineData("POST", "/services/alert/api/store-alerts/42/resend", "alert", "/api/store-alerts/42/resend")]
    public async Task Each_allowed_route_reaches_its_service_without_the_gateway_prefix(string method, string path, string backend, string servicePath)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Equal(backend, echoed.Backend);
        Assert.Equal(method, echoed.Method);
        Assert.Equal(servicePath, echoed.Path);
        Assert.Equal(new Uri(Client.BaseAddress!, path).Query, echoed.Query);
    }

    [Fact]
    public async Task Service_status_and_headers_come_back_unchanged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/services/store/api/stores");
        request.Headers.Add("X-Echo-Status", "412");

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("store", response.Headers.GetValues("X-Echo-Backend").Single());
        Assert.Equal("POST", (await EchoedRequest.ReadAsync(response)).Method);
    }

    [Theory]
    [InlineData("store", "/api/stores", "/services/store/api/stores")]
    [InlineData("alert", "/api/store-alerts", "/services/alert/api/store-alerts")]
    public async Task Link_and_Location_headers_point_at_the_gateway_routes(string service, string apiPath, string gatewayPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gatewayPath);
        request.Headers.Add("X-Echo-Link", $"<{apiPath}?page=1&size=20>; rel=\"next\",<{apiPath}?page=0&size=20>; rel=\"first\"");
        request.Headers.Add("X-Echo-Location", $"{apiPath}/42");

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(service, (await EchoedRequest.ReadAsync(response)).Backend);
        Assert.Equal($"<{gatewayPath}?page=1&size=20>; rel=\"next\",<{gatewayPath}?page=0&size=20>; rel=\"first\"", response.Headers.GetValues("Link").Single());
        Assert.Equal($"{gatewayPath}/42", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/services/store/management/env")]
    [InlineData("/services/store/api/admin")]
    [InlineData("/services/store/api/store-alerts")]
    [InlineData("/services/alert/api/stores")]
    [InlineData("/services/store/openapi/v2.json")]
    [InlineData("/services/other/api/stores")]
    [InlineData("/services/store/health")]
    [InlineData("/api/stores")]
    public async Task A_path_outside_the_allow_list_is_404_and_reaches_no_service(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _gateway.Store.Requests);
        Assert.Equal(0, _gateway.Alert.Requests);
    }

    [Fact]
    public async Task A_service_path_outside_the_allow_list_gets_problem_details()
    {
        using var response = await Client.GetAsync("/services/store/management/env", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_documents_are_served_with_the_gateway_prefix_as_their_server()
    {
        foreach (var service in new[] { "store", "alert" })
        {
            var document = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>(
                $"/services/{service}/openapi/v1.json", TestContext.Current.CancellationToken);

            Assert.Equal(service, document.GetProperty("info").GetProperty("title").GetString());
            Assert.Equal($"/services/{service}", document.GetProperty("servers")[0].GetProperty("url").GetString());
            Assert.Equal(1, document.GetProperty("servers").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_api_reference_lists_both_services_documents()
    {
        var page = await Client.GetStringAsync("/api-docs/", TestContext.Current.CancellationToken);

        Assert.Contains("\"url\":\"services/store/openapi/v1.json\"", page);
        Assert.Contains("\"url\":\"services/alert/openapi/v1.json\"", page);
    }
}
