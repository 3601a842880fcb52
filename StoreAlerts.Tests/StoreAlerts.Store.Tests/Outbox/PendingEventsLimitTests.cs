using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.Store.Stores;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Outbox;

/// <summary>A long Kafka outage fills a store's outbox; further changes to that store are refused plainly instead of growing the document.</summary>
public sealed class PendingEventsLimitTests : IAsyncLifetime
{
    private readonly StoreApp _app = new() { MaxPendingEventsPerStore = 2 };

    [Fact]
    public async Task A_store_with_a_full_outbox_refuses_changes_with_503_naming_it_and_accepts_them_once_kafka_takes_the_events()
    {
        using var client = _app.CreateStoreClient();
        var id = (await client.CreateAsync("Zara")).GetProperty("id").GetString()!;
        var other = (await client.CreateAsync("Mango")).GetProperty("id").GetString()!;
        _app.Kafka.SetBrokerDown();
        for (var i = 1; i <= 2; i++)
        {
            using var accepted = await client.PatchAsync(id, new { name = $"Zara {i}" });
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var refused = await client.PatchAsync(id, new { name = "Zara 3" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        var problem = await StoreClient.JsonOf(refused);
        Assert.Equal("Too many unpublished events", problem.GetProperty("title").GetString());
        Assert.Equal($"Store {id} already has 2 events waiting to be published to Kafka; it accepts changes again once they are out.", problem.GetProperty("detail").GetString());
        var unchanged = (await client.FindAsync(id))!.Value;
        Assert.Equal(("Zara 2", 3), (unchanged.GetProperty("name").GetString(), unchanged.GetProperty("version").GetInt32()));
        using (var otherStore = await client.PatchAsync(other, new { name = "Mango 1" }))
        {
            Assert.Equal(HttpStatusCode.OK, otherStore.StatusCode);
        }

        _app.Kafka.SetBrokerUp();
        var repository = _app.Services.GetRequiredService<IStoreRepository>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await repository.FindWithPendingEventsAsync(10, TestContext.Current.CancellationToken)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        using var again = await client.PatchAsync(id, new { name = "Zara 3" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
