using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;

namespace StoreAlerts.Gateway.SignIn;

public static class SignInApi
{
    public static IEndpointRouteBuilder MapGatewaySignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .ExcludeFromDescription();
        // A form post: antiforgery is validated before the handler (a cross-site page cannot sign anyone out).
        app.MapPost("/account/signout", SignOutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task SignOutAsync(HttpContext context, UserSessions sessions, [FromForm] string? returnUrl)
    {
        var user = context.User;
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (sessions.Exists(user))
        {
            // Ends the provider's session too, then comes back to the home page.
            await context.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) });
            sessions.End(user);
        }
        else
        {
            context.Response.Redirect(LocalOrHome(returnUrl));
        }
    }

    private static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
