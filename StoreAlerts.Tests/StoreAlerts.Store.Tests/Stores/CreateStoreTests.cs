using System.Net;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

public sealed class CreateStoreTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_server_set_fields()
    {
        using var response = await _client.PostAsync(new { name = "  Zara  ", address = " Gran Via 32 ", status = "OPEN" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var store = await StoreClient.JsonOf(response);
        var id = store.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal($"/api/stores/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal("Zara", store.GetProperty("name").GetString());
        Assert.Equal("Gran Via 32", store.GetProperty("address").GetString());
        Assert.Equal("OPEN", store.GetProperty("status").GetString());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, store.GetProperty("createTimestamp").GetDateTime());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, store.GetProperty("updateTimestamp").ValueKind);
        Assert.Equal(1, store.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Created_store_is_stored_as_returned()
    {
        var created = await _client.CreateAsync("Mango", "Passeig de Gracia 8", status: null);

        var stored = await _client.FindAsync(created.GetProperty("id").GetString()!);

        Assert.NotNull(stored);
        Assert.Equal(created.ToString(), stored.Value.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.Value.GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task Timestamps_and_version_typed_by_the_client_are_ignored()
    {
        using var response = await _client.PostAsync(new
        {
            name = "Bershka",
            address = "Calle Mayor 1",
            createTimestamp = "1999-01-01T00:00:00Z",
            updateTimestamp = "1999-01-01T00:00:00Z",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var store = await StoreClient.JsonOf(response);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, store.GetProperty("createTimestamp").GetDateTime());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, store.GetProperty("updateTimestamp").ValueKind);
    }

    [Fact]
    public async Task Create_with_an_id_is_a_400_naming_id_and_stores_nothing()
    {
        var name = $"with-id-{Guid.NewGuid():N}";

        using var response = await _client.PostAsync(new { id = "6650a1b2c3d4e5f601234567", name, address = "Somewhere" });

        await response.AssertValidationProblemAsync("id");
        using var list = await _client.GetAsync($"/api/stores?name={name}");
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
    }
}
