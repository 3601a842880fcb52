using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// <c>GET /api/store-alerts/stream</c>: one <c>event: alert</c> per newly stored alert. Headers are flushed as soon as
/// the listener is registered, so a client that has the headers is sure to see every alert stored afterwards.
/// </summary>
public static class AlertStream
{
    public static async Task StreamAsync(HttpContext context, AlertBroadcaster broadcaster, IOptions<JsonOptions> json)
    {
        using var subscription = broadcaster.Subscribe();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        await response.StartAsync(context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await SseFormatter.WriteAsync(Items(subscription, context.RequestAborted), response.Body,
                (item, buffer) => JsonSerializer.Serialize(new Utf8JsonWriter(buffer), item.Data, json.Value.SerializerOptions),
                context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static async IAsyncEnumerable<SseItem<StoreAlertResponse>> Items(AlertBroadcaster.Subscription subscription,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var alert in subscription.ReadAllAsync(cancellationToken))
        {
            yield return new SseItem<StoreAlertResponse>(alert, "alert");
        }
    }
}
