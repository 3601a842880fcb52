using System.Globalization;
using Polly;
using StoreAlerts.Gateway.SignIn;

namespace StoreAlerts.Gateway.Api;

/// <summary>Sends one request to a service and reads the answer, turning an unreachable service into a problem.</summary>
public static class ServiceCall
{
    public static async Task<ApiResult<T>> SendAsync<T>(
        HttpClient http, UserAccessToken token, string service, HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        try
        {
            await token.AttachAsync(request, cancellationToken);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? ApiResult<T>.Ok(await read(response, cancellationToken))
                : ApiResult<T>.Failed(await ApiProblem.ReadAsync(response, cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or ExecutionRejectedException)
        {
            // Retries and the circuit breaker of the standard resilience handler have already run.
            return ApiResult<T>.Failed(ApiProblem.Unavailable(service));
        }
        catch (System.Text.Json.JsonException)
        {
            return ApiResult<T>.Failed(ApiProblem.Unexpected(service));
        }
    }

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} returned no body.");

    public static Func<HttpResponseMessage, CancellationToken, Task<PagedList<T>>> ReadPage<T>(int page, int size) =>
        async (response, cancellationToken) =>
        {
            var items = await ReadJsonAsync<List<T>>(response, cancellationToken);
            var total = response.Headers.TryGetValues("X-Total-Count", out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : items.Count;
            return new PagedList<T>(items, total, page, size);
        };
}
