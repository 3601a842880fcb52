namespace StoreAlerts.Gateway.Security;

/// <summary>
/// Headers on every gateway response. The Content-Security-Policy allows only the gateway's own scripts and
/// connections (the Blazor circuit's WebSocket included), inline styles (Blazor's reconnect dialog and Scalar set
/// them), forms posting to the gateway and to the identity provider (sign-out), and no framing. The API reference
/// (<c>/api-docs</c>, Scalar) starts from an inline module script, so that page alone allows inline scripts.
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
        app.Use((context, next) =>
        {
            var pagePolicy = context.Request.Path.StartsWithSegments("/api-docs") ? apiDocsPolicy : policy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = pagePolicy;
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
