using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Identity.Server;

/// <summary>
/// The provider as the browser sees it through the gateway (ADR-013): the gateway's scheme and host from its
/// <c>X-Forwarded-*</c> headers (trusted from loopback only, where the AppHost runs both), and the <c>Identity:PathBase</c>
/// prefix the gateway keeps on what it forwards, so redirects, the form's action and cookies' paths are the public ones.
/// </summary>
public static class BehindTheGateway
{
    public static WebApplication UseBehindTheGateway(this WebApplication app)
    {
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        });
        if (app.Services.GetRequiredService<IOptions<IdentityServerOptions>>().Value.PathBase is { Length: > 0 } pathBase)
        {
            app.UsePathBase(pathBase);
        }

        return app;
    }
}
