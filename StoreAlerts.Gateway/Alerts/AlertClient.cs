using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using StoreAlerts.Gateway.Api;
using StoreAlerts.Gateway.SignIn;

namespace StoreAlerts.Gateway.Alerts;

/// <summary>The Alert service's API, called server-side (service discovery resolves <c>http://alert</c>).</summary>
public sealed class AlertClient(HttpClient http, IHttpClientFactory clients, UserAccessToken token)
{
    /// <summary>The named client for the event stream: no resilience handler, whose timeouts would end the stream.</summary>
    public const string StreamClient = "alert-stream";

    private const string Service = "alert";

    public Task<ApiResult<PagedList<AlertDto>>> ListAsync(ListQuery query, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Get, query.ApiUrl("/api/store-alerts")),
            ServiceCall.ReadPage<AlertDto>(query.Page, query.Size), cancellationToken);

    public Task<ApiResult<bool>> ResendAsync(long id, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Post, $"/api/store-alerts/{id}/resend"),
            (_, _) => Task.FromResult(true), cancellationToken);

    /// <summary>
    /// Each alert the service stores from now on, until cancelled or the connection drops.
    /// <paramref name="connected"/> runs once the subscription is taken to be in place.
    /// </summary>
    public async IAsyncEnumerable<AlertDto> StreamAsync(Func<Task> connected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = clients.CreateClient(StreamClient);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/store-alerts/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        await token.AttachAsync(request, cancellationToken);
        var sending = stream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        // ASP.NET Core's server-sent events result sends its headers only with the first event, so a quiet
        // stream cannot be told from a slow one. An unreachable service fails within milliseconds, so a request
        // still pending after a moment is subscribed.
        if (await Task.WhenAny(sending, Task.Delay(SubscribeGrace, cancellationToken)) != sending || sending.IsCompletedSuccessfully)
        {
            await connected();
        }

        using var response = await sending;
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "alert" && JsonSerializer.Deserialize<AlertDto>(item.Data, ApiJson.Options) is { } alert)
            {
                yield return alert;
            }
        }
    }

    private static readonly TimeSpan SubscribeGrace = TimeSpan.FromMilliseconds(500);
}
