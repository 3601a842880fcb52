namespace StoreAlerts.Gateway.Security;

/// <summary>
/// Headers on every gateway response. The Content-Security-Policy allows only the gateway's own scripts and
/// connections (the Blazor circuit's WebSocket included), inline styles (Blazor's reconnect dialog and Scalar set
/// them), forms posting to the gateway and to the identity provider (sign-out), and no framing. The API reference
/// (<c>/api-docs</c>, Scalar) starts from an inline module script, so that page alone allows inline scripts. The identity
/// provider's pages forwarded under <c>Gateway:IdentityProxy:PathPrefix</c> keep the policy the provider sends with them
/// (Keycloak's login theme needs its own); one sent without gets the gateway's (ADR-013).
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var provider = app.Configuration["Identity:Authority"] is { Length: > 0 } authority && Uri.TryCreate(authority, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : "";
        var policy = Policy(provider, "script-src 'self'");
        var apiDocsPolicy = Policy(provider, "script-src 'self' 'unsafe-inline'");
        var providerPath = app.Configuration["Gateway:IdentityProxy:Address"] is { Length: > 0 }
            ? new PathString((app.Configuration["Gateway:IdentityProxy:PathPrefix"] ?? "/auth").TrimEnd('/'))
            : (PathString?)null;
        app.Use((context, next) =>
        {
            var pagePolicy = context.Request.Path.StartsWithSegments("/api-docs") ? apiDocsPolicy : policy;
            var fromProvider = providerPath is { } prefix && context.Request.Path.StartsWithSegments(prefix);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!fromProvider || headers.ContentSecurityPolicy.Count == 0)
                {
                    headers.ContentSecurityPolicy = pagePolicy;
                }

                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    private static string Policy(string provider, string scripts) =>
        string.Join("; ",
            "default-src 'self'",
            scripts,
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action 'self' {provider}".TrimEnd(),
            "frame-ancestors 'none'");
}
