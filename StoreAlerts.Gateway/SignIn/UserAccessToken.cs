using System.Net.Http.Headers;
using Microsoft.AspNetCore.Components.Authorization;

namespace StoreAlerts.Gateway.SignIn;

/// <summary>
/// The signed-in user's access token for the UI's own calls to the services. Read through the authentication state,
/// which a page has both while it renders for a request and later in its interactive circuit (no HttpContext there).
/// </summary>
public sealed class UserAccessToken(AuthenticationStateProvider authentication, UserSessions sessions)
{
    public async Task AttachAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (await sessions.AccessTokenAsync(user, cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }
}
