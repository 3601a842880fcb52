using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Outbox;

public sealed class OutboxPollingTests : IAsyncLifetime
{
    private readonly StoreApp _app = new() { OutboxPollInterval = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task Events_left_pending_without_a_wake_up_are_published_by_the_poll()
    {
        using var client = _app.CreateStoreClient();
        var id = (await client.CreateAsync("Left over")).GetProperty("id").GetString()!;
        var store = (await _app.Services.GetRequiredService<IStoreRepository>().FindAsync(id, TestContext.Current.CancellationToken))!;
        store.Version = 2;
        store.UpdateTimestamp = _app.Clock.GetUtcNow().UtcDateTime;
        var leftOver = StoreAlertEvent.ForUpdate(Guid.NewGuid(), store, StoreStatus.OPEN);

        // Written straight to the database, as by a previous run that died before its relay published: no signal.
        Assert.True(await _app.Services.GetRequiredService<IStoreRepository>().TryUpdateAsync(store, leftOver.ToPendingEvent(null), TestContext.Current.CancellationToken));

        using var reader = _app.ReadTopic();
        var message = Assert.Single(reader.Read([id], expected: 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(leftOver.EventId.ToString(), message.Payload().GetProperty("eventId").GetString());
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
