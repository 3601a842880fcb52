using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>The live stream under hostile listeners: a cap, heartbeats, and no effect on how fast alerts are stored.</summary>
public sealed class StreamLimitTests(PostgresServer postgres, MailDevServer mailDev, KafkaMockCluster kafka)
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Beyond_the_subscriber_cap_the_stream_is_a_503_problem_until_a_listener_leaves()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, overrides: [("Alert:Stream:MaxSubscribers", "2")]);
        using var client = app.CreateClient();
        var first = await OpenStreamAsync(client);
        using var second = await OpenStreamAsync(client);

        using var refused = await OpenStreamAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetInt32());
        Assert.NotNull(refused.Headers.RetryAfter);

        first.Dispose();
        var broadcaster = app.Services.GetRequiredService<AlertBroadcaster>();
        await WaitUntilAsync(() => broadcaster.SubscriberCount == 1);
        using var third = await OpenStreamAsync(client);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_quiet_stream_sends_heartbeat_comments()
    {
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, overrides: [("Alert:Stream:HeartbeatInterval", "00:00:00.200")]);
        using var client = app.CreateClient();
        using var response = await OpenStreamAsync(client);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        Assert.Equal(": heartbeat", await reader.ReadLineAsync(timeout.Token));
        Assert.Equal("", await reader.ReadLineAsync(timeout.Token));
        Assert.Equal(": heartbeat", await reader.ReadLineAsync(timeout.Token));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Listeners_that_never_read_neither_slow_the_storing_of_alerts_nor_hold_unbounded_memory()
    {
        const int Listeners = 300;
        const int Events = 2_000;
        await using var app = await AlertApp.StartAsync(postgres, mailDev, kafka, overrides:
        [
            // No email traffic: this test is about the consumer and the stream, and must not load the shared MailDev.
            ("ConnectionStrings:maildev", "Endpoint=smtp://127.0.0.1:1"),
            ("Alert:Stream:MaxSubscribers", Listeners.ToString()),
            ("Alert:Stream:HeartbeatInterval", "00:00:00.500"),
            ("Alert:Stream:WriteTimeout", "00:00:02"),
        ]);
        var broadcaster = app.Services.GetRequiredService<AlertBroadcaster>();

        var alone = await StoreEventsAsync(app, Events, "alone");
        var heapBefore = ManagedHeap();
        var sockets = new List<Socket>();
        for (var i = 0; i < Listeners; i++)
        {
            sockets.Add(await ConnectWithoutReadingAsync(app.BaseAddress));
        }

        await WaitUntilAsync(() => broadcaster.SubscriberCount == Listeners);
        var watched = await StoreEventsAsync(app, Events, "watched");
        var heapAfter = ManagedHeap();

        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{Events} alerts stored in {alone.TotalMilliseconds:F0} ms alone, {watched.TotalMilliseconds:F0} ms with {Listeners} listeners that never read; " +
            $"managed heap {heapBefore / 1024 / 1024} MiB -> {heapAfter / 1024 / 1024} MiB");
        // Full speed: the listeners may cost the machine some CPU, but the consumer never waits for them.
        Assert.True(watched < alone * 2 + TimeSpan.FromSeconds(3), $"alone {alone}, watched {watched}");
        // Bounded: at most SubscriberBuffer (100) alerts per listener, whatever the number of alerts.
        Assert.True(heapAfter - heapBefore < 150L * 1024 * 1024, $"the managed heap grew by {(heapAfter - heapBefore) / 1024 / 1024} MiB");
        // A listener whose socket takes nothing more is cut off once a write waits longer than the write timeout. The
        // kernel buffers up to 4 MiB per socket first, so it takes a few more megabytes of alerts to get there.
        // How much gets through depends on how fast the listeners' handlers run (a full buffer drops its oldest alerts),
        // so alerts keep coming until the sockets are full: at most 8,000 more, well within the mock broker's memory.
        for (var round = 0; round < 8 && broadcaster.SubscriberCount == Listeners; round++)
        {
            await StoreEventsAsync(app, 1_000, $"overflow{round}");
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        }

        Assert.True(broadcaster.SubscriberCount < Listeners, "No listener that never reads was disconnected.");
        sockets.ForEach(s => s.Dispose());
        await WaitUntilAsync(() => broadcaster.SubscriberCount == 0, TimeSpan.FromSeconds(60));
    }

    private async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/store-alerts/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
    }

    /// <summary>Produces events with long names and addresses (about 1 KB each as JSON) and times until all are rows.</summary>
    private async Task<TimeSpan> StoreEventsAsync(AlertApp app, int count, string tag)
    {
        var events = Enumerable.Range(0, count)
            .Select(i => TestEvents.New(name: $"{tag} {i} ".PadRight(200, 'n'), address: new string('a', 500)))
            .ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(events.Select(e => app.Kafka.ProduceAsync(app.Topic, e.StoreId, e.Json)));
        await app.WaitForRowsAsync(count, $"store_name LIKE '{tag} %'", TimeSpan.FromSeconds(120));
        return clock.Elapsed;
    }

    /// <summary>A client that asks for the stream over a socket with a small receive window and never reads it.</summary>
    private static async Task<Socket> ConnectWithoutReadingAsync(Uri baseAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        var token = TestIssuer.Shared.Token("alert", ["user"]);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /api/store-alerts/stream HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAccept: text/event-stream\r\nAuthorization: Bearer {token}\r\n\r\n"));
        return socket;
    }

    private static long ManagedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true in time.");
            await Task.Delay(50);
        }
    }
}
