using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StoreAlerts.Store.Tests.Hosting;

/// <summary>Calls <c>/api/stores</c> and hands back raw responses plus their JSON, so tests assert on the wire format.</summary>
public sealed class StoreClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostAsync(object body) => SendAsync(HttpMethod.Post, "/api/stores", body);

    public Task<HttpResponseMessage> PutAsync(string id, object body, string? ifMatch = null, string? traceParent = null) =>
        SendAsync(HttpMethod.Put, $"/api/stores/{id}", body, ifMatch, traceParent: traceParent);

    public Task<HttpResponseMessage> PatchAsync(string id, object body, string? ifMatch = null, string mediaType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, $"/api/stores/{id}", body, ifMatch, mediaType);

    public Task<HttpResponseMessage> DeleteAsync(string id, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, $"/api/stores/{id}", null, ifMatch);

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => http.GetAsync(pathAndQuery, TestContext.Current.CancellationToken);

    /// <summary>Creates a store and returns its JSON; fails the test unless the API answers 201.</summary>
    public async Task<JsonElement> CreateAsync(string name, string address = "Gran Via 32", string? status = "OPEN")
    {
        using var response = await PostAsync(new { name, address, status });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await JsonOf(response);
    }

    /// <summary>The store as the API returns it now, or null when it answers 404.</summary>
    public async Task<JsonElement?> FindAsync(string id)
    {
        using var response = await GetAsync($"/api/stores/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonOf(response);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string content, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(content, Encoding.UTF8, mediaType) };
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? ifMatch = null,
        string mediaType = "application/json", string? traceParent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, mediaType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (traceParent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

public static class ResponseAssertions
{
    /// <summary>Asserts a 400 validation problem that names exactly the given fields.</summary>
    public static async Task AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await StoreClient.JsonOf(response);
        var named = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(fields.Order().ToArray(), named);
    }

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await StoreClient.JsonOf(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? "";
}
