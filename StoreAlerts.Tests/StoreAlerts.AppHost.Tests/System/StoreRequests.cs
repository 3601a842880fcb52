using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace StoreAlerts.AppHost.Tests.System;

internal static class StoreRequests
{
    /// <summary>A full update of the store at <paramref name="url"/> made only if its version is still <paramref name="ifMatch"/>.</summary>
    public static HttpRequestMessage PutIfMatch(string url, string ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }
}
