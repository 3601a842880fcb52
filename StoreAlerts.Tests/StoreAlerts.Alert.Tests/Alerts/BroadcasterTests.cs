using System.Diagnostics;
using Microsoft.Extensions.Options;
using StoreAlerts.Alert.Alerts;

namespace StoreAlerts.Alert.Tests;

/// <summary>The live stream's fan-out on its own: what publishing costs the consumer, and what a listener can hold.</summary>
public sealed class BroadcasterTests
{
    [Fact]
    public async Task Publishing_to_listeners_that_never_read_returns_at_once_and_each_holds_only_its_newest_alerts()
    {
        using var broadcaster = new AlertBroadcaster(Options.Create(new AlertStreamOptions { MaxSubscribers = 200, SubscriberBuffer = 100 }));
        var listeners = Enumerable.Range(0, 200).Select(_ => broadcaster.TrySubscribe()!).ToList();
        var batches = Enumerable.Range(0, 20).Select(b => Enumerable.Range(b * 500, 500).Select(Alert).ToList()).ToList();

        var publishing = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            broadcaster.Publish(batch);
        }

        publishing.Stop();
        // 10,000 alerts for 200 listeners: the caller only queued 20 batches; the two million copies happen elsewhere.
        Assert.True(publishing.Elapsed < TimeSpan.FromMilliseconds(500), $"Publish took {publishing.Elapsed.TotalMilliseconds:F1} ms");
        // The oldest alert a full buffer holds is 9,900 once the last one reached it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!listeners.All(l => l.Channel.Reader.TryPeek(out var oldest) && oldest.Alert.Id == 9_900) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        foreach (var listener in listeners)
        {
            var held = await DrainAsync(listener, 9_999);
            Assert.Equal(100, held.Count);
            Assert.Equal(Enumerable.Range(9_900, 100).Select(i => (long)i), held);
        }

        listeners.ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task A_listener_that_reads_gets_every_alert_in_order()
    {
        using var broadcaster = new AlertBroadcaster(Options.Create(new AlertStreamOptions { SubscriberBuffer = 1000 }));
        using var listener = broadcaster.TrySubscribe()!;

        broadcaster.Publish(Enumerable.Range(0, 600).Select(Alert));
        broadcaster.Publish(Enumerable.Range(600, 400).Select(Alert));

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), await DrainAsync(listener, 999));
    }

    [Fact]
    public async Task Each_alert_is_encoded_once_as_its_server_sent_event()
    {
        using var broadcaster = new AlertBroadcaster(Options.Create(new AlertStreamOptions()));
        using var first = broadcaster.TrySubscribe()!;
        using var second = broadcaster.TrySubscribe()!;

        broadcaster.Publish([Alert(7)]);

        var (a, b) = (await First(first), await First(second));
        Assert.Same(a.Event, b.Event);
        var text = System.Text.Encoding.UTF8.GetString(a.Event);
        Assert.StartsWith("event: alert\ndata: {\"id\":7,\"eventId\":\"event-7\"", text);
        Assert.EndsWith("}\n\n", text);
    }

    [Fact]
    public void Listeners_beyond_the_cap_are_refused_until_one_leaves()
    {
        using var broadcaster = new AlertBroadcaster(Options.Create(new AlertStreamOptions { MaxSubscribers = 2 }));
        var first = broadcaster.TrySubscribe();
        using var second = broadcaster.TrySubscribe();

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(broadcaster.TrySubscribe());

        first.Dispose();
        first.Dispose();
        using var third = broadcaster.TrySubscribe();

        Assert.NotNull(third);
        Assert.Null(broadcaster.TrySubscribe());
        Assert.Equal(2, broadcaster.SubscriberCount);
    }

    private static async Task<StreamedAlert> First(AlertBroadcaster.Subscription listener)
    {
        await foreach (var streamed in listener.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            return streamed;
        }

        throw new InvalidOperationException("The stream ended.");
    }

    private static StoreAlert Alert(int id) => new()
    {
        Id = id,
        EventId = $"event-{id}",
        StoreName = $"Store {id}",
        StoreStatus = "CLOSED",
        SourceTopic = "topic_alert",
    };

    /// <summary>Reads until the alert with id <paramref name="last"/> arrives (the fan-out runs in the background).</summary>
    private static async Task<List<long>> DrainAsync(AlertBroadcaster.Subscription listener, long last)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var ids = new List<long>();
        await foreach (var streamed in listener.ReadAllAsync(timeout.Token))
        {
            ids.Add(streamed.Alert.Id);
            if (streamed.Alert.Id == last)
            {
                break;
            }
        }

        return ids;
    }
}
