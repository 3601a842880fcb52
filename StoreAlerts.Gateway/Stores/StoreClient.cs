using System.Net.Http.Headers;
using StoreAlerts.Gateway.Api;
using StoreAlerts.Gateway.SignIn;

namespace StoreAlerts.Gateway.Stores;

/// <summary>The Store service's API, called server-side (service discovery resolves <c>http://store</c>).</summary>
public sealed class StoreClient(HttpClient http, UserAccessToken token)
{
    private const string Service = "store";

    public Task<ApiResult<PagedList<StoreDto>>> ListAsync(ListQuery query, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Get, query.ApiUrl("/api/stores")),
            ServiceCall.ReadPage<StoreDto>(query.Page, query.Size), cancellationToken);

    public Task<ApiResult<StoreDto>> GetAsync(string id, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Get, StoreUrl(id)),
            ServiceCall.ReadJsonAsync<StoreDto>, cancellationToken);

    public Task<ApiResult<StoreDto>> CreateAsync(StoreInput input, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Post, "/api/stores") { Content = JsonContent.Create(input, options: ApiJson.Options) },
            ServiceCall.ReadJsonAsync<StoreDto>, cancellationToken);

    /// <summary>Replaces the store if it is still at <paramref name="version"/>; otherwise the service answers 412.</summary>
    public Task<ApiResult<StoreDto>> UpdateAsync(string id, StoreInput input, long version, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, StoreUrl(id)) { Content = JsonContent.Create(input, options: ApiJson.Options) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return ServiceCall.SendAsync(http, token, Service, request, ServiceCall.ReadJsonAsync<StoreDto>, cancellationToken);
    }

    public Task<ApiResult<bool>> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        ServiceCall.SendAsync(http, token, Service, new HttpRequestMessage(HttpMethod.Delete, StoreUrl(id)),
            (_, _) => Task.FromResult(true), cancellationToken);

    private static string StoreUrl(string id) => $"/api/stores/{Uri.EscapeDataString(id)}";
}
