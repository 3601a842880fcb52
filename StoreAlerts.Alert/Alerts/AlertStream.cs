using Microsoft.Extensions.Options;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// <c>GET /api/store-alerts/stream</c>: one <c>event: alert</c> per newly stored alert. Headers are flushed as soon as
/// the listener is registered, so a client that has the headers is sure to see every alert stored afterwards.
/// Bounded: at most <see cref="AlertStreamOptions.MaxSubscribers"/> listeners (then 503), a <c>: heartbeat</c>
/// comment when quiet, and a listener whose socket takes no more data within the write timeout is disconnected.
/// </summary>
public static class AlertStream
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static async Task StreamAsync(HttpContext context, AlertBroadcaster broadcaster, IOptions<AlertStreamOptions> options)
    {
        using var subscription = broadcaster.TrySubscribe();
        if (subscription is null)
        {
            context.Response.Headers.RetryAfter = "30";
            await TypedResults.Problem(
                    $"The live stream already has {options.Value.MaxSubscribers} listeners; try again later, or read /api/store-alerts.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many live-stream listeners")
                .ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        try
        {
            await response.StartAsync(aborted);
            await response.Body.FlushAsync(aborted);
            while (await NextAsync(subscription, options.Value.HeartbeatInterval, aborted) is { } message)
            {
                if (!await TryWriteAsync(response, message, options.Value.WriteTimeout, aborted))
                {
                    // The client stopped reading (or vanished without a FIN): free its socket and its buffer now.
                    context.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>The alerts waiting (as SSE events), a heartbeat after a quiet interval, or null when the stream ends.</summary>
    private static async Task<byte[]?> NextAsync(AlertBroadcaster.Subscription subscription, TimeSpan heartbeat, CancellationToken aborted)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        quiet.CancelAfter(heartbeat);
        try
        {
            if (!await subscription.WaitToReadAsync(quiet.Token))
            {
                return null;
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return Heartbeat;
        }

        using var events = new MemoryStream();
        while (subscription.TryRead(out var alert))
        {
            events.Write(alert.Event);
        }

        return events.ToArray();
    }

    private static async Task<bool> TryWriteAsync(HttpResponse response, byte[] message, TimeSpan timeout, CancellationToken aborted)
    {
        using var write = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        write.CancelAfter(timeout);
        try
        {
            await response.Body.WriteAsync(message, write.Token);
            await response.Body.FlushAsync(write.Token);
            return true;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return false;
        }
    }
}
