using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace StoreAlerts.Identity.Accounts;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/login", ShowAsync);
        // Minimal API form binding validates the antiforgery token before the handler runs (400 when it is missing).
        app.MapPost("/account/login", SignInAsync);
        return app;
    }

    private static IResult ShowAsync(HttpContext context, IAntiforgery antiforgery, [FromQuery] string? returnUrl) =>
        Form(context, antiforgery, returnUrl, null);

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, UserDirectory users, ILoggerFactory loggers,
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var name = username?.Trim() ?? "";
        if (users.Verify(name, password ?? "") is null)
        {
            // The user name may be a password typed in the wrong box: it is not logged.
            loggers.CreateLogger("StoreAlerts.Identity.Accounts").LogWarning("A sign-in was refused.");
            return Form(context, antiforgery, returnUrl, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], AccountsExtensions.Scheme);
        await context.SignInAsync(AccountsExtensions.Scheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static IResult Form(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        // Under the gateway's prefix when forwarded (ADR-013).
        var action = $"{context.Request.PathBase}/account/login";
        return LoginPage.Render(action, IsLocal(returnUrl) ? returnUrl! : "/", tokens.FormFieldName, tokens.RequestToken!, error, status);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
