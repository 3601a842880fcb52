using System.Net;
using StoreAlerts.Store.Tests.Hosting;

namespace StoreAlerts.Store.Tests.Stores;

public sealed class GetAndDeleteStoreTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task Get_returns_the_store_with_its_etag()
    {
        var store = await _client.CreateAsync("Zara");
        var id = store.GetProperty("id").GetString()!;

        using var response = await _client.GetAsync($"/api/stores/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(store.ToString(), (await StoreClient.JsonOf(response)).ToString());
    }

    [Theory]
    [InlineData("6650a1b2c3d4e5f601234567")]
    [InlineData("zzz")]
    [InlineData("6650A1B2C3D4E5F60123456")]
    public async Task Get_and_delete_of_an_unknown_or_malformed_id_are_404_problems(string id)
    {
        using var get = await _client.GetAsync($"/api/stores/{id}");
        using var delete = await _client.DeleteAsync(id);

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await delete.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_returns_204_and_the_store_is_gone()
    {
        var name = $"Doomed {Guid.NewGuid():N}";
        var id = (await _client.CreateAsync(name)).GetProperty("id").GetString()!;

        using var response = await _client.DeleteAsync(id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await _client.FindAsync(id));
        using var list = await _client.GetAsync($"/api/stores?name={Uri.EscapeDataString(name)}");
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
        using var again = await _client.DeleteAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Create_and_delete_publish_nothing()
    {
        var id = (await _client.CreateAsync("Silent")).GetProperty("id").GetString()!;
        using (await _client.DeleteAsync(id))
        {
        }

        using var reader = app.ReadTopic();
        Assert.Empty(reader.Read([id], expected: 1, timeout: TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task OpenApi_document_describes_the_stores_api()
    {
        using var response = await _client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await StoreClient.JsonOf(response);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/stores", out var collection) && collection.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/stores/{id}", out var item) && item.TryGetProperty("patch", out _));
        Assert.Equal(["page", "size", "sort", "name", "status"],
            collection.GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var request = document.GetProperty("components").GetProperty("schemas").GetProperty("StoreRequest");
        Assert.Equal(["name", "address"], request.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var storeResponse = document.GetProperty("components").GetProperty("schemas").GetProperty("StoreResponse").GetProperty("properties");
        Assert.True(storeResponse.TryGetProperty("createdBy", out _) && storeResponse.TryGetProperty("lastModifiedBy", out _));
        Assert.False(request.GetProperty("properties").TryGetProperty("createdBy", out _));
    }
}
