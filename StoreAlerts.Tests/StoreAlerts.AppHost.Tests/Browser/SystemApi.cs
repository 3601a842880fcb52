using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreAlerts.AppHost.Tests.System;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>What the browser tests arrange and check behind the browser's back: the Store API through the gateway, and MailDev.</summary>
public sealed class SystemApi(StoreAlertsAppFixture app)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async Task<StoreJson> CreateStoreAsync(string name, string address, string status = "OPEN")
    {
        using var http = Gateway();
        using var response = await http.PostAsJsonAsync("/services/store/api/stores", new { name, address, status }, Cancellation);
        return await ReadStoreAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Someone else's edit: a new address, conditional on the version they read.</summary>
    public async Task<StoreJson> UpdateStoreAsync(StoreJson store, string address)
    {
        using var http = Gateway();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/services/store/api/stores/{store.Id}")
        {
            Content = JsonContent.Create(new { name = store.Name, address, status = store.Status }),
        };
        request.Headers.IfMatch.ParseAdd($"\"{store.Version}\"");
        using var response = await http.SendAsync(request, Cancellation);
        return await ReadStoreAsync(response, HttpStatusCode.OK);
    }

    public async Task<StoreJson> GetStoreAsync(string id)
    {
        using var http = Gateway();
        using var response = await http.GetAsync($"/services/store/api/stores/{id}", Cancellation);
        return await ReadStoreAsync(response, HttpStatusCode.OK);
    }

    public async Task<HttpStatusCode> StoreStatusAsync(string id)
    {
        using var http = Gateway();
        using var response = await http.GetAsync($"/services/store/api/stores/{id}", Cancellation);
        return response.StatusCode;
    }

    public async Task<int> CountStoresAsync(string address)
    {
        using var http = Gateway();
        var all = await http.GetFromJsonAsync<List<StoreJson>>("/services/store/api/stores?size=100", JsonSerializerOptions.Web, Cancellation);
        return all!.Count(s => s.Address == address);
    }

    /// <summary>The one email whose subject names the store, once MailDev has it.</summary>
    public async Task<JsonElement> WaitForEmailAsync(string storeName, TimeSpan timeout)
    {
        using var mailDev = app.CreateClient(ResourceNames.MailDev);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var emails = await mailDev.GetFromJsonAsync<JsonElement[]>("/api/email", Cancellation);
            var match = emails!.Where(e => e.GetProperty("subject").GetString()?.Contains(storeName) == true).ToList();
            if (match.Count > 0)
            {
                return Assert.Single(match);
            }

            Assert.True(DateTime.UtcNow < deadline, $"No email about {storeName} in MailDev within {timeout}.");
            await Task.Delay(250, Cancellation);
        }
    }

    private HttpClient Gateway() => app.CreateClient(ResourceNames.Gateway);

    private static async Task<StoreJson> ReadStoreAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StoreJson>(JsonSerializerOptions.Web, Cancellation))!;
    }
}

public sealed record StoreJson(string Id, string Name, string Address, string? Status, long Version);
