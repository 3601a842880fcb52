using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace StoreAlerts.Gateway.IdentityProxy;

/// <summary>
/// What the provider sees of the browser's cookies: its own (its sign-in session, its form's antiforgery cookie, scoped
/// to the prefix it serves under) and nothing the gateway issued: not the session cookie (or its chunks), not the UI's
/// antiforgery cookie, not the sign-in's correlation and nonce cookies. No access token is attached either: a caller's
/// own <c>Authorization</c> header (a script calling userinfo) is passed through as it came.
/// </summary>
public sealed class ProviderCookies : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.ClusterId != IdentityProxyRoutes.Cluster)
        {
            return;
        }

        // The gateway's cookie names are fixed at start: read once, when the route's transforms are built.
        var isGateways = GatewaysCookies(context.Services);
        context.AddRequestTransform(transform =>
        {
            var proxyHeaders = transform.ProxyRequest.Headers;
            proxyHeaders.Remove(HeaderNames.Cookie);
            // The pairs are kept byte for byte: the provider decodes its own values.
            var kept = transform.HttpContext.Request.Headers.Cookie
                .SelectMany(header => (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Where(pair => !isGateways(pair.Split('=', 2)[0].Trim()))
                .ToList();
            if (kept.Count > 0)
            {
                proxyHeaders.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
            }

            return ValueTask.CompletedTask;
        });
    }

    private static Func<string, bool> GatewaysCookies(IServiceProvider services)
    {
        var session = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie.Name!;
        var signIn = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        var antiforgery = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        // A large session ticket is split into "<name>C1", "<name>C2", ... cookies.
        return name => name == antiforgery
            || name.StartsWith(session, StringComparison.Ordinal)
            || name.StartsWith(signIn.CorrelationCookie.Name!, StringComparison.Ordinal)
            || name.StartsWith(signIn.NonceCookie.Name!, StringComparison.Ordinal);
    }
}
