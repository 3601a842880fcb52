using System.Net;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

public sealed class ConcurrencyTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task Stale_if_match_on_put_is_a_412_and_changes_nothing()
    {
        var id = (await _client.CreateAsync("Zara")).GetProperty("id").GetString()!;
        using (var first = await _client.PutAsync(id, new { name = "Zara 2", address = "A" }, ifMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var current = await _client.FindAsync(id);

        using var stale = await _client.PutAsync(id, new { name = "Zara 3", address = "B" }, ifMatch: "\"1\"");

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"2\"", stale.ETag());
        Assert.Equal(current.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"one\"")]
    [InlineData("\"2\", \"3\"")]
    [InlineData("\"01\"")]
    [InlineData("\" 1\"")]
    [InlineData("\"+1\"")]
    [InlineData("\"1 \"")]
    [InlineData("\"1.0\"")]
    [InlineData("1")]
    public async Task If_match_that_does_not_name_the_current_version_is_a_412_on_patch(string ifMatch)
    {
        var store = await _client.CreateAsync("Mango");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.PatchAsync(id, new { status = "CLOSED" }, ifMatch);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task If_match_listing_the_current_version_or_a_star_succeeds()
    {
        var id = (await _client.CreateAsync("Mango")).GetProperty("id").GetString()!;

        using var listed = await _client.PatchAsync(id, new { status = "CLOSED" }, "\"7\", \"1\"");
        using var star = await _client.PatchAsync(id, new { status = "OPEN" }, "*");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        Assert.Equal("\"3\"", star.ETag());
    }

    [Fact]
    public async Task Stale_version_in_the_body_is_a_412()
    {
        var id = (await _client.CreateAsync("Mango")).GetProperty("id").GetString()!;
        using (await _client.PatchAsync(id, new { status = "CLOSED" }))
        {
        }

        using var response = await _client.PutAsync(id, new { name = "Mango", address = "A", version = 1 });

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("CLOSED", (await _client.FindAsync(id))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stale_if_match_on_delete_is_a_412_and_the_store_stays()
    {
        var id = (await _client.CreateAsync("Zara")).GetProperty("id").GetString()!;
        using (await _client.PatchAsync(id, new { status = "CLOSED" }))
        {
        }

        using var stale = await _client.DeleteAsync(id, ifMatch: "\"1\"");
        using var current = await _client.DeleteAsync(id, ifMatch: "\"2\"");

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
    }

    [Fact]
    public async Task Of_concurrent_writers_on_the_same_version_exactly_one_wins()
    {
        var id = (await _client.CreateAsync("Contended")).GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            _client.PutAsync(id, new { name = $"Writer {i}", address = "A" }, ifMatch: "\"1\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winner = await StoreClient.JsonOf(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(winner.ToString(), (await _client.FindAsync(id)).ToString());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Concurrent_writers_without_if_match_all_apply_one_after_another()
    {
        var id = (await _client.CreateAsync("Busy")).GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _client.PatchAsync(id, new { address = $"Street {i}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var versions = await Task.WhenAll(responses.Select(async r => (await StoreClient.JsonOf(r)).GetProperty("version").GetInt64()));
        Assert.Equal(Enumerable.Range(2, 8).Select(v => (long)v), versions.Order());
        Assert.Equal(9, (await _client.FindAsync(id))!.Value.GetProperty("version").GetInt64());
    }
}
