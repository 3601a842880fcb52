using System.Net;
using System.Text.Json;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

public sealed class UpdateStoreTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task Put_replaces_the_fields_and_bumps_version_and_update_timestamp()
    {
        var store = await _client.CreateAsync("Zara", "Gran Via 32", "OPEN");
        var id = store.GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await _client.PutAsync(id, new { name = " Zara Home ", address = "Serrano 1", status = "CLOSED" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.ETag());
        var updated = (await _client.FindAsync(id))!.Value;
        Assert.Equal((await StoreClient.JsonOf(response)).ToString(), updated.ToString());
        Assert.Equal("Zara Home", updated.GetProperty("name").GetString());
        Assert.Equal("Serrano 1", updated.GetProperty("address").GetString());
        Assert.Equal("CLOSED", updated.GetProperty("status").GetString());
        Assert.Equal(2, updated.GetProperty("version").GetInt64());
        Assert.Equal(store.GetProperty("createTimestamp").GetDateTime(), updated.GetProperty("createTimestamp").GetDateTime());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, updated.GetProperty("updateTimestamp").GetDateTime());
    }

    [Fact]
    public async Task Update_that_changes_nothing_publishes_nothing()
    {
        var store = await _client.CreateAsync("Zara", "Gran Via 32", "OPEN");
        var id = store.GetProperty("id").GetString()!;
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var send in new Func<Task<HttpResponseMessage>>[]
        {
            () => _client.PatchAsync(id, new { }),
            () => _client.PatchAsync(id, new { }, ifMatch: "\"1\""),
            () => _client.PatchAsync(id, new { name = "  Zara ", status = "OPEN" }),
            () => _client.PutAsync(id, new { name = "Zara", address = "Gran Via 32", status = "OPEN" }, ifMatch: "\"1\""),
        })
        {
            using var response = await send();
            answers.Add((response.StatusCode, response.ETag()));
            Assert.Equal(store.ToString(), (await StoreClient.JsonOf(response)).ToString());
        }

        Assert.All(answers, answer => Assert.Equal((HttpStatusCode.OK, "\"1\""), answer));
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
        using var reader = app.ReadTopic();
        Assert.Empty(reader.Read([id], expected: 1, timeout: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Update_that_changes_nothing_still_checks_its_precondition()
    {
        var store = await _client.CreateAsync("Zara", "Gran Via 32", "OPEN");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.PatchAsync(id, new { }, ifMatch: "\"2\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"1\"", response.ETag());
    }

    [Fact]
    public async Task Put_without_status_clears_it_and_accepts_the_same_id_in_the_body()
    {
        var id = (await _client.CreateAsync("Zara", status: "OPEN")).GetProperty("id").GetString()!;

        using var response = await _client.PutAsync(id, new { id, name = "Zara", address = "Gran Via 32" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await _client.FindAsync(id))!.Value.GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task Patch_changes_only_the_members_it_names()
    {
        var store = await _client.CreateAsync("Mango", "Passeig de Gracia 8", "OPEN");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.PatchAsync(id, new { status = "CLOSED" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.ETag());
        var patched = (await _client.FindAsync(id))!.Value;
        Assert.Equal("Mango", patched.GetProperty("name").GetString());
        Assert.Equal("Passeig de Gracia 8", patched.GetProperty("address").GetString());
        Assert.Equal("CLOSED", patched.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Patch_with_null_status_removes_it_and_plain_json_is_accepted()
    {
        var id = (await _client.CreateAsync("Mango", status: "OPEN")).GetProperty("id").GetString()!;

        using var response = await _client.SendRawAsync(HttpMethod.Patch, $"/api/stores/{id}", """{"status":null}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = (await _client.FindAsync(id))!.Value;
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("status").ValueKind);
        Assert.Equal("Mango", patched.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_with_null_name_is_a_400_naming_name_and_changes_nothing()
    {
        var store = await _client.CreateAsync("Mango");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.SendRawAsync(HttpMethod.Patch, $"/api/stores/{id}", """{"name":null}""", "application/merge-patch+json");

        await response.AssertValidationProblemAsync("name");
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task Patch_in_another_media_type_is_a_415_problem()
    {
        var store = await _client.CreateAsync("Mango");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.SendRawAsync(HttpMethod.Patch, $"/api/stores/{id}", """{"status":null}""", "text/plain");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Theory]
    [InlineData("6650a1b2c3d4e5f601234567")]
    [InlineData("not-an-object-id")]
    public async Task Updating_an_unknown_or_malformed_id_is_a_404_problem(string id)
    {
        using var put = await _client.PutAsync(id, new { name = "Ghost", address = "Nowhere" });
        using var patch = await _client.PatchAsync(id, new { status = "OPEN" });

        await put.AssertProblemAsync(HttpStatusCode.NotFound);
        await patch.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
