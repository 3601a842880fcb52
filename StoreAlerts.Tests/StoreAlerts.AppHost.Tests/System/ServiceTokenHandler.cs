using System.Net.Http.Headers;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>Adds the service client's bearer token (client credentials from the running provider) to requests that carry none.</summary>
public sealed class ServiceTokenHandler(StoreAlertsAppFixture system) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", await system.ServiceTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
