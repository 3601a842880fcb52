using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace StoreAlerts.Gateway.SignIn;

/// <summary>
/// Sign-in as a backend for the frontend (ADR-009): OpenID Connect with the authorization code flow and PKCE against
/// <c>Identity:Authority</c> as client <c>Identity:ClientId</c>; the browser gets a session cookie (HttpOnly, Secure,
/// SameSite=Lax) and never a token; the tokens stay in <see cref="UserSessions"/>.
/// </summary>
public static class SignInExtensions
{
    public const string TokenClient = "identity-token";
    public const string AdminRole = "admin";

    public static IHostApplicationBuilder AddGatewaySignIn(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Identity");
        var authority = section["Authority"] is { Length: > 0 } value && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException("Identity:Authority is required: the OpenID Connect provider users sign in with.");
        var metadataAddress = AuthenticationExtensions.MetadataAddress(section);
        var browserFacing = BrowserFacing(authority, metadataAddress);

        builder.Services.AddSingleton<UserSessions>();
        builder.Services.AddScoped<UserAccessToken>();
#pragma warning disable EXTEXP0001 // A refresh token may be redeemed once: a retried refresh would be refused and end the session.
        builder.Services.AddHttpClient(TokenClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "storealerts.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/access-denied";
                options.Events.OnValidatePrincipal = context =>
                {
                    // A session the gateway no longer holds (it restarted, or the refresh was refused) is signed out.
                    if (context.Principal is null || !context.HttpContext.RequestServices.GetRequiredService<UserSessions>().Exists(context.Principal))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority.ToString();
                options.ClientId = section["ClientId"] is { Length: > 0 } clientId ? clientId : "gateway";
                options.ClientSecret = section["ClientSecret"];
                // The metadata, the token endpoint and the keys are read at the provider's internal address when the
                // AppHost names one (ADR-013): no round trip through the gateway's own public address, the code and the
                // client secret stay inside the network, and the gateway needs nothing of itself to sign anyone in.
                options.RequireHttpsMetadata = metadataAddress is null && !IsLoopback(authority);
                if (metadataAddress is not null)
                {
                    options.MetadataAddress = metadataAddress.ToString();
                }

                options.ResponseType = OpenIdConnectResponseType.Code;
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.SaveTokens = false;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Add("profile");
                options.Scope.Add("roles");
                options.Scope.Add("offline_access");
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = section["RoleClaimType"] is { Length: > 0 } role ? role : "role";
                options.Events.OnTokenValidated = context =>
                {
                    var tokens = context.TokenEndpointResponse!;
                    var expiresIn = int.TryParse(tokens.ExpiresIn, out var seconds) ? seconds : 300;
                    var session = context.HttpContext.RequestServices.GetRequiredService<UserSessions>().Start(new UserSession(
                        tokens.AccessToken, tokens.RefreshToken, tokens.IdToken, DateTimeOffset.UtcNow.AddSeconds(expiresIn)));
                    ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(UserSessions.SessionClaim, session));
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.IssuerAddress = browserFacing(context.ProtocolMessage.IssuerAddress);
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.IssuerAddress = browserFacing(context.ProtocolMessage.IssuerAddress);
                    context.ProtocolMessage.IdTokenHint = context.HttpContext.RequestServices.GetRequiredService<UserSessions>()
                        .Find(context.HttpContext.User)?.IdToken;
                    return Task.CompletedTask;
                };
            });
        return builder;
    }

    public static WebApplication UseGatewaySignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Where the browser is sent: an endpoint the internal metadata gives at the provider's internal address (OpenIddict
    /// computes every endpoint from the request) is moved to the authority, the gateway's public prefix; one already
    /// public (Keycloak's front channel, fixed by its hostname) is left alone.
    /// </summary>
    private static Func<string, string> BrowserFacing(Uri authority, Uri? metadataAddress)
    {
        const string discovery = "/.well-known/openid-configuration";
        if (metadataAddress?.ToString() is not { } metadata || !metadata.EndsWith(discovery, StringComparison.Ordinal))
        {
            return address => address;
        }

        var internalBase = metadata[..^discovery.Length];
        var publicBase = authority.ToString().TrimEnd('/');
        return address => address.StartsWith(internalBase + "/", StringComparison.OrdinalIgnoreCase)
            ? publicBase + address[internalBase.Length..]
            : address;
    }

    private static bool IsLoopback(Uri authority) =>
        authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address));
}
