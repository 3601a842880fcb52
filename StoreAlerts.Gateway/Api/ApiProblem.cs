using System.Net;
using System.Text.Json;

namespace StoreAlerts.Gateway.Api;

/// <summary>A failed call to a service, as its RFC 7807 body said (or as the gateway saw it when there was none).</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static ApiProblem Unavailable(string service) =>
        new((int)HttpStatusCode.ServiceUnavailable, $"The {service} service is unavailable right now.", "Try again in a moment.", NoErrors);

    public static ApiProblem Unexpected(string service) =>
        new((int)HttpStatusCode.BadGateway, $"The {service} service gave an answer the gateway does not understand.", null, NoErrors);

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<ProblemBody>(ApiJson.Options, cancellationToken);
            if (body is not null)
            {
                return new ApiProblem(status, body.Title ?? response.ReasonPhrase ?? "The request failed.", body.Detail, body.Errors ?? NoErrors);
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not a problem-details body: fall back to the status line.
        }

        return new ApiProblem(status, response.ReasonPhrase ?? "The request failed.", null, NoErrors);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
