using System.Net;
using System.Net.Http.Headers;
using StoreAlerts.Store.Tests.Hosting;
using StoreAlerts.Testing;

namespace StoreAlerts.Store.Tests.Authentication;

/// <summary>
/// The Store validates the bearer token of every API request against the issuer's published keys: a missing or bad
/// token is a 401 problem, a <c>user</c> token on a write a 403 problem, and neither changes anything.
/// </summary>
public sealed class TokenTests(StoreApp app) : IClassFixture<StoreApp>
{
    private readonly StoreClient _admin = app.CreateStoreClient();

    [Fact]
    public async Task A_request_without_a_token_is_a_401_problem()
    {
        using var client = WithToken(null);

        using var response = await client.GetAsync("/api/stores");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(BadTokens.Kinds), MemberType = typeof(BadTokens))]
    public async Task A_bad_token_is_a_401_problem_and_writes_nothing(string kind)
    {
        var name = $"Forged {Guid.NewGuid():N}";
        using var client = WithToken(BadTokens.Make(kind, "store"));

        using var list = await client.GetAsync("/api/stores");
        using var create = await client.PostAsync(new { name, address = "x", status = "OPEN" });

        await list.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await create.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await AssertNoStoreNamedAsync(name);
    }

    [Fact]
    public async Task A_user_reads_but_every_write_is_a_403_problem_that_changes_nothing()
    {
        var store = await _admin.CreateAsync($"Read only {Guid.NewGuid():N}");
        var id = store.GetProperty("id").GetString()!;
        using var user = WithToken(TestIssuer.Shared.Token("store", ["user"], subject: "test-user"));

        using var get = await user.GetAsync($"/api/stores/{id}");
        using var list = await user.GetAsync("/api/stores");
        using var create = await user.PostAsync(new { name = "Not mine", address = "x" });
        using var put = await user.PutAsync(id, new { name = "Changed", address = "x", status = "CLOSED" });
        using var patch = await user.PatchAsync(id, new { status = "CLOSED" });
        using var delete = await user.DeleteAsync(id);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        foreach (var refused in new[] { create, put, patch, delete })
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(store.ToString(), (await _admin.FindAsync(id)).ToString());
    }

    [Fact]
    public async Task An_admin_token_of_the_issuer_writes()
    {
        using var admin = WithToken(TestIssuer.Shared.Token("store", ["admin"]));

        using var create = await admin.PostAsync(new { name = $"Admin's {Guid.NewGuid():N}", address = "x" });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
    }

    [Fact]
    public async Task Health_tells_an_anonymous_caller_only_up_or_down()
    {
        using var http = WithToken(null).Http;

        using var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Contains(await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), new[] { "Healthy", "Degraded", "Unhealthy" });
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private StoreClient WithToken(string? token)
    {
        var http = app.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return new StoreClient(http);
    }

    private async Task AssertNoStoreNamedAsync(string name)
    {
        using var response = await _admin.GetAsync($"/api/stores?name={Uri.EscapeDataString(name)}");
        Assert.Equal("0", response.Headers.GetValues("X-Total-Count").Single());
    }
}
