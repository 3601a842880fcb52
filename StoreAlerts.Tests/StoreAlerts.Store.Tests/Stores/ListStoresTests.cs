using System.Net;
using System.Text.Json;
using StoreAlerts.Store.Tests.Hosting;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Stores;

public sealed class ListStoresTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _client = app.CreateStoreClient();

    [Fact]
    public async Task A_page_comes_with_total_count_and_jhipster_links()
    {
        var tag = Tag();
        foreach (var letter in new[] { "e", "c", "a", "d", "b" })
        {
            await _client.CreateAsync($"{letter} {tag}");
        }

        using var response = await _client.GetAsync($"/api/stores?page=1&size=2&sort=name,asc&name={tag}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["c", "d"], await FirstLettersAsync(response));
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(
            $"</api/stores?page=2&size=2&sort=name,asc&name={tag}>; rel=\"next\"," +
            $"</api/stores?page=0&size=2&sort=name,asc&name={tag}>; rel=\"prev\"," +
            $"</api/stores?page=2&size=2&sort=name,asc&name={tag}>; rel=\"last\"," +
            $"</api/stores?page=0&size=2&sort=name,asc&name={tag}>; rel=\"first\"",
            response.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Name_filter_is_a_case_insensitive_contains_and_status_filters_exactly()
    {
        var tag = Tag();
        await _client.CreateAsync($"Zara {tag}", status: "OPEN");
        await _client.CreateAsync($"ZARA HOME {tag}", status: "CLOSED");
        await _client.CreateAsync($"Mango {tag}", status: "OPEN");
        await _client.CreateAsync($"Bazar {tag}", status: null);

        using var byName = await _client.GetAsync($"/api/stores?name=zAr&sort=name,asc&size=50");
        using var byNameAndStatus = await _client.GetAsync($"/api/stores?name={tag}&status=OPEN&sort=name,desc");

        var names = (await StoreClient.JsonOf(byName)).EnumerateArray().Select(s => s.GetProperty("name").GetString()!).Where(n => n.EndsWith(tag)).ToArray();
        Assert.Equal([$"Bazar {tag}", $"Zara {tag}", $"ZARA HOME {tag}"], names);
        var open = (await StoreClient.JsonOf(byNameAndStatus)).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray();
        Assert.Equal([$"Zara {tag}", $"Mango {tag}"], open);
        Assert.Equal("2", byNameAndStatus.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Name_filter_takes_regex_characters_literally()
    {
        var tag = Tag();
        await _client.CreateAsync($"A.B {tag}");
        await _client.CreateAsync($"AxB {tag}");

        using var response = await _client.GetAsync($"/api/stores?name={Uri.EscapeDataString("a.b " + tag)}");

        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Sort_descending_by_create_timestamp_puts_the_newest_first()
    {
        var tag = Tag();
        foreach (var letter in new[] { "a", "b", "c" })
        {
            await _client.CreateAsync($"{letter} {tag}");
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        using var response = await _client.GetAsync($"/api/stores?name={tag}&sort=createTimestamp,desc");

        Assert.Equal(["c", "b", "a"], await FirstLettersAsync(response));
    }

    [Fact]
    public async Task An_empty_result_still_has_first_and_last_links_to_page_zero()
    {
        using var response = await _client.GetAsync($"/api/stores?name={Tag()}");

        Assert.Empty((await StoreClient.JsonOf(response)).EnumerateArray());
        Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
        Assert.DoesNotContain("rel=\"next\"", response.Headers.GetValues("Link").Single());
        Assert.Contains("page=0", response.Headers.GetValues("Link").Single());
    }

    [Theory]
    [InlineData("sort=password,asc", "sort")]
    [InlineData("sort=name,sideways", "sort")]
    [InlineData("status=AJAR", "status")]
    [MemberData(nameof(PagingCases.Refused), MemberType = typeof(PagingCases))]
    public async Task Bad_query_parameters_are_a_400_naming_them(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/stores?{query}");

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_name_filter_longer_than_a_name_can_be_is_a_400_naming_it()
    {
        using var response = await _client.GetAsync($"/api/stores?name={new string('z', 201)}");

        await response.AssertValidationProblemAsync("name");
    }

    [Theory]
    [MemberData(nameof(PagingCases.Accepted), MemberType = typeof(PagingCases))]
    public async Task Paging_extremes_within_the_rules_are_answered(string query)
    {
        using var response = await _client.GetAsync($"/api/stores?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await StoreClient.JsonOf(response)).ValueKind);
        Assert.NotEmpty(response.Headers.GetValues("Link").Single());
    }

    private static string Tag() => Guid.NewGuid().ToString("N")[..12];

    private static async Task<string[]> FirstLettersAsync(HttpResponseMessage response) =>
        (await StoreClient.JsonOf(response)).EnumerateArray().Select(s => s.GetProperty("name").GetString()![..1]).ToArray();
}
