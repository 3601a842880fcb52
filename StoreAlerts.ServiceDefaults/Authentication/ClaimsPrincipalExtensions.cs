using System.Security.Claims;

namespace StoreAlerts.ServiceDefaults.Authentication;

public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The name of the signed-in user as the services record it (<c>createdBy</c>, <c>changedBy</c>): the token's
    /// <c>preferred_username</c>, else its name (<c>name</c> or <see cref="ClaimTypes.Name"/>), else its subject
    /// (<c>sub</c> or <see cref="ClaimTypes.NameIdentifier"/>); null when the request is not authenticated.
    /// </summary>
    public static string? UserName(this ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        string[] claimTypes = ["preferred_username", "name", ClaimTypes.Name, "sub", ClaimTypes.NameIdentifier];
        return claimTypes.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
    }
}
