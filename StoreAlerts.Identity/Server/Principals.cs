using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StoreAlerts.Identity.Server;

/// <summary>What a token says about its subject: a user signed in at the form, or a service client.</summary>
public static class Principals
{
    public static ClaimsPrincipal For(string subject, IEnumerable<string> roles, IEnumerable<string> scopes, IEnumerable<string> resources)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.Name, subject)
            .SetClaim(Claims.PreferredUsername, subject)
            .SetClaims(Claims.Role, [.. roles]);

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(resources);
        // The name and roles go into the identity token too, so the gateway's UI can show them.
        principal.SetDestinations(claim => claim.Type is Claims.Name or Claims.PreferredUsername or Claims.Role
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return principal;
    }
}
