using System.Net;
using System.Text.Json;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

/// <summary>
/// <c>createdBy</c>, <c>lastModifiedBy</c> and the event's <c>changedBy</c> come from the signed-in user (the token's name), and
/// only from there. Requests without a token never reach a write (see <c>TokenTests</c>).
/// </summary>
public sealed class AuthorTests(StoreApp app) : IClassFixture<StoreApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_creator_stays_and_every_change_records_its_user_in_the_store_and_the_event()
    {
        using var ana = app.CreateStoreClient("ana");
        using var admin = app.CreateStoreClient("admin");
        using var bob = app.CreateStoreClient("bob");
        using var carl = app.CreateStoreClient("carl");
        var created = await ana.CreateAsync("Zara", status: "OPEN");
        var id = created.GetProperty("id").GetString()!;
        AssertAuthors(created, "ana", null);

        using var closed = await admin.PutAsync(id, new { name = "Zara", address = "Gran Via 32", status = "CLOSED" }, ifMatch: "\"1\"");
        AssertAuthors(await StoreClient.JsonOf(closed), "ana", "admin");
        using var moved = await bob.PatchAsync(id, new { address = "Gran Via 34" }, ifMatch: "\"2\"");
        AssertAuthors(await StoreClient.JsonOf(moved), "ana", "bob");
        // A change that changes nothing is not a change by carl.
        using var same = await carl.PatchAsync(id, new { status = "CLOSED" });
        AssertAuthors(await StoreClient.JsonOf(same), "ana", "bob");

        Assert.Equal("\"3\"", same.ETag());
        AssertAuthors((await ana.FindAsync(id))!.Value, "ana", "bob");
        using var reader = app.ReadTopic();
        var events = reader.Read([id], expected: 2, Timeout, quietPeriod: TimeSpan.FromSeconds(1)).Select(m => m.Payload()).ToList();
        Assert.Equal(["admin", "bob"], events.Select(e => e.GetProperty("changedBy").GetString()));
        Assert.Equal(["CLOSED", "CLOSED"], events.Select(e => e.GetProperty("storeStatus").GetString()));
    }

    [Fact]
    public async Task A_body_that_sets_an_author_is_a_400_naming_it_and_changes_nothing()
    {
        using var client = app.CreateStoreClient("ana");
        var name = $"authored-{Guid.NewGuid():N}";
        var id = (await client.CreateAsync(name)).GetProperty("id").GetString()!;

        using var post = await client.PostAsync(new { name, address = "x", createdBy = "mallory" });
        using var put = await client.PutAsync(id, new { name, address = "x", lastModifiedBy = "mallory" });
        using var patch = await client.PatchAsync(id, new { status = "CLOSED", createdBy = "mallory", lastModifiedBy = 7 });

        await post.AssertValidationProblemAsync("createdBy");
        await put.AssertValidationProblemAsync("lastModifiedBy");
        await patch.AssertValidationProblemAsync("createdBy", "lastModifiedBy");
        using var list = await client.GetAsync($"/api/stores?name={name}");
        Assert.Equal("1", list.Headers.GetValues("X-Total-Count").Single());
        var store = (await client.FindAsync(id))!.Value;
        Assert.Equal(("OPEN", 1L), (store.GetProperty("status").GetString(), store.GetProperty("version").GetInt64()));
        AssertAuthors(store, "ana", null);
        using var reader = app.ReadTopic();
        Assert.Empty(reader.Read([id], expected: 1, timeout: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_store_read_back_may_be_sent_again_with_its_authors_set_to_null_and_the_server_sets_them()
    {
        using var ana = app.CreateStoreClient("ana");
        using var bob = app.CreateStoreClient("bob");
        var store = await ana.CreateAsync("Round trip");
        var id = store.GetProperty("id").GetString()!;
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(store.GetRawText())!;
        body["address"] = "Calle Mayor 2";
        body["createdBy"] = null;
        body["lastModifiedBy"] = null;

        using var put = await bob.PutAsync(id, body);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        AssertAuthors(await StoreClient.JsonOf(put), "ana", "bob");
    }

    private static void AssertAuthors(JsonElement store, string? createdBy, string? lastModifiedBy)
    {
        Assert.Equal(createdBy, store.GetProperty("createdBy").GetString());
        Assert.Equal(lastModifiedBy, store.GetProperty("lastModifiedBy").GetString());
    }
}
