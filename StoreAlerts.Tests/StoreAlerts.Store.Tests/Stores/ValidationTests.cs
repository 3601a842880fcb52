using System.Net;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

/// <summary>Each rule, on create and on update: a 400 problem naming the field, and nothing written or published.</summary>
public sealed class ValidationTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"address":"Gran Via 32"}""", "name" },
        { """{"name":null,"address":"Gran Via 32"}""", "name" },
        { """{"name":"","address":"Gran Via 32"}""", "name" },
        { """{"name":"   ","address":"Gran Via 32"}""", "name" },
        { """{"name":42,"address":"Gran Via 32"}""", "name" },
        { $$"""{"name":"{{new string('n', 201)}}","address":"Gran Via 32"}""", "name" },
        { """{"name":"Za\u0007ra","address":"Gran Via 32"}""", "name" },
        { """{"name":"Zara"}""", "address" },
        { """{"name":"Zara","address":" "}""", "address" },
        { $$"""{"name":"Zara","address":"{{new string('a', 501)}}"}""", "address" },
        { """{"name":"Zara","address":"Gran\nVia"}""", "address" },
        { """{"name":"Zara","address":"Gran Via 32","status":"open"}""", "status" },
        { """{"name":"Zara","address":"Gran Via 32","status":"AJAR"}""", "status" },
        { """{"name":"Zara","address":"Gran Via 32","status":1}""", "status" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_create_is_a_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var before = await TotalAsync();

        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", body);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await TotalAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_update_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var store = await _client.CreateAsync($"Valid {Guid.NewGuid():N}");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.SendRawAsync(HttpMethod.Put, $"/api/stores/{id}", body);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task Every_failing_field_is_named_at_once()
    {
        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores",
            """{"id":"6650a1b2c3d4e5f601234567","name":"","address":null,"status":"maybe"}""");

        await response.AssertValidationProblemAsync("id", "name", "address", "status");
    }

    [Fact]
    public async Task Longest_allowed_values_are_accepted_after_trimming()
    {
        var name = new string('n', 200);
        var address = new string('a', 500);

        var store = await _client.CreateAsync($"  {name}  ", $" {address} ");

        Assert.Equal(name, store.GetProperty("name").GetString());
        Assert.Equal(address, store.GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem_and_creates_nothing(string body)
    {
        var before = await TotalAsync();

        using var response = await _client.SendRawAsync(HttpMethod.Post, "/api/stores", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await TotalAsync());
    }

    [Fact]
    public async Task Put_with_a_different_body_id_is_a_400_naming_id_and_changes_nothing()
    {
        var store = await _client.CreateAsync("Zara");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.PutAsync(id, new { id = "6650a1b2c3d4e5f601234567", name = "Other", address = "Elsewhere" });

        await response.AssertValidationProblemAsync("id");
        Assert.Equal(store.ToString(), (await _client.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task Rejected_updates_publish_nothing()
    {
        var store = await _client.CreateAsync("Quiet");
        var id = store.GetProperty("id").GetString()!;

        using (await _client.PutAsync(id, new { name = "", address = "x" }))
        using (await _client.PatchAsync(id, new { status = "HALF" }))
        using (await _client.PutAsync(id, new { name = "Stale", address = "x" }, ifMatch: "\"7\""))
        {
        }

        using var reader = app.ReadTopic();
        Assert.Empty(reader.Read([id], expected: 1, timeout: TimeSpan.FromSeconds(1)));
    }

    private async Task<string> TotalAsync()
    {
        using var response = await _client.GetAsync("/api/stores?size=1");
        return response.Headers.GetValues("X-Total-Count").Single();
    }
}
