using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using StoreAlerts.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StoreAlerts.Identity.Server;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through: it has validated the request (client, redirect URI, PKCE,
/// grant) before these run; they decide who the token is for.
/// </summary>
public static class ConnectApi
{
    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", ["GET", "POST"], AuthorizeAsync).DisableAntiforgery();
        app.MapPost("/connect/token", (Delegate)TokenAsync).DisableAntiforgery();
        app.MapMethods("/connect/endsession", ["GET", "POST"], (Delegate)EndSessionAsync).DisableAntiforgery();
        app.MapMethods("/connect/userinfo", ["GET", "POST"], UserInfoAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, UserDirectory users, IOptions<IdentityServerOptions> options)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(AccountsExtensions.Scheme);
        var userName = session.Principal?.Identity?.Name;
        if (!session.Succeeded || request.HasPromptValue(PromptValues.Login) || userName is null || users.Find(userName) is not { } account)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            return Results.Challenge(new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryStringWithoutPrompt(context) },
                [AccountsExtensions.Scheme]);
        }

        return Results.SignIn(Principals.For(userName, account.Roles, request.GetScopes(), options.Value.Resources), authenticationScheme: Server);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, UserDirectory users, IOptions<IdentityServerOptions> options)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var client = options.Value.Clients.GetValueOrDefault(request.ClientId!);
            return Results.SignIn(Principals.For(request.ClientId!, client?.Roles ?? [], request.GetScopes(), options.Value.Resources), authenticationScheme: Server);
        }

        // An authorization code or a refresh token: the user's roles are read again, so a removed user gets no new token.
        var previous = (await context.AuthenticateAsync(Server)).Principal;
        var subject = previous?.GetClaim(Claims.Subject);
        if (previous is null || subject is null || users.Find(subject) is not { } account)
        {
            return Forbid(Errors.InvalidGrant, "The user no longer exists.");
        }

        return Results.SignIn(Principals.For(subject, account.Roles, previous.GetScopes(), options.Value.Resources), authenticationScheme: Server);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(AccountsExtensions.Scheme);
        // OpenIddict redirects to the client's registered post_logout_redirect_uri.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Server]);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, UserDirectory users)
    {
        var principal = (await context.AuthenticateAsync(Server)).Principal;
        var subject = principal?.GetClaim(Claims.Subject);
        if (subject is null || users.Find(subject) is not { } account)
        {
            return Results.Challenge(authenticationSchemes: [Server]);
        }

        return Results.Ok(new Dictionary<string, object>
        {
            [Claims.Subject] = subject,
            [Claims.Name] = subject,
            [Claims.PreferredUsername] = subject,
            [Claims.Role] = account.Roles,
        });
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [Server]);

    /// <summary>After the form, the request comes back without <c>prompt=login</c>, or it would ask again forever.</summary>
    private static string QueryStringWithoutPrompt(HttpContext context) =>
        QueryString.Create(context.Request.Query.Where(p => p.Key != Parameters.Prompt)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))).ToUriComponent();
}
