using System.Net.Http.Headers;
using StoreAlerts.Gateway.Limits;
using StoreAlerts.Gateway.SignIn;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace StoreAlerts.Gateway.Proxy;

/// <summary>
/// What the services see of the caller: the signed-in user's access token (refreshed when due), or the caller's own
/// <c>Authorization: Bearer</c> header unchanged (scripts and tests); never the gateway's session cookie. Only the
/// services' routes: the identity provider's (IdentityProxy/) gets no token.
/// </summary>
public static class AccessTokenTransform
{
    public static void Apply(TransformBuilderContext context)
    {
        if (context.Route.Match.Path?.StartsWith(GatewayLimits.ServicesPrefix + "/", StringComparison.Ordinal) != true)
        {
            return;
        }

        context.AddRequestTransform(async transform =>
        {
            transform.ProxyRequest.Headers.Remove("Cookie");
            var http = transform.HttpContext;
            if (http.Request.Headers.Authorization.Count > 0)
            {
                return;
            }

            if (await http.RequestServices.GetRequiredService<UserSessions>().AccessTokenAsync(http.User, http.RequestAborted) is { } token)
            {
                transform.ProxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        });
    }
}
