using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StoreAlerts.Gateway.Tests;

/// <summary>
/// A real Kestrel app on a loopback port standing in for a service: it answers every request with what it
/// received, serves an OpenAPI document and an event stream the test feeds, and can be stopped.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byMethod = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _answers = new();
    private int _requests;

    private EchoBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string Url => _app.Urls.First();

    /// <summary>How many requests reached this backend.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How long the echo waits before it answers (and after it has counted the request): a slow service.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many requests with this method reached this backend.</summary>
    public int RequestsOf(string method) => _byMethod.GetValueOrDefault(method);

    public static async Task<EchoBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new EchoBackend(app, name);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref backend._requests);
            backend._byMethod.AddOrUpdate(context.Request.Method, 1, (_, count) => count + 1);
            return next(context);
        });
        app.MapGet("/openapi/v1.json", () => Results.Text(
            $$$"""{"openapi":"3.1.1","info":{"title":"{{{name}}}","version":"v1"},"servers":[{"url":"http://localhost:1"}],"paths":{}}""",
            "application/json"));
        app.MapGet("/api/store-alerts/stream", backend.StreamAsync);
        app.MapGet("/api/stores/slow", async (int delayMs, CancellationToken ct) => { await Task.Delay(delayMs, ct); return "late"; });
        app.Map("/{**path}", backend.EchoAsync);
        await app.StartAsync();
        return backend;
    }

    /// <summary>From now on a GET of <paramref name="path"/> is answered with this JSON (and its array length as <c>X-Total-Count</c>).</summary>
    public void Answer(string path, string json) => _answers[path] = json;

    /// <summary>Sends one <c>alert</c> event to whoever is reading the stream.</summary>
    public void Publish(string data) => _events.Writer.TryWrite(data);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task EchoAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && _answers.TryGetValue(context.Request.Path.Value ?? "", out var answer))
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                context.Response.Headers["X-Total-Count"] = document.RootElement.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        context.Response.StatusCode = context.Request.Headers.TryGetValue("X-Echo-Status", out var status) ? int.Parse(status!) : 200;
        context.Response.Headers["X-Echo-Backend"] = Name;
        context.Response.Headers.Link = context.Request.Headers["X-Echo-Link"];
        context.Response.Headers.Location = context.Request.Headers["X-Echo-Location"];
        context.Response.Headers.ContentSecurityPolicy = context.Request.Headers["X-Echo-Csp"];
        await context.Response.WriteAsJsonAsync(new EchoedRequest(
            Name,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body));
    }

    // Like the Alert service: ASP.NET Core's own server-sent events result.
    private IResult StreamAsync(CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(_events.Reader.ReadAllAsync(cancellationToken), eventType: "alert");
}

public sealed record EchoedRequest(string Backend, string Method, string Path, string Query, Dictionary<string, string> Headers, string Body)
{
    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<EchoedRequest>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
}
