using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace StoreAlerts.Store.Tests.Hosting;

/// <summary>
/// Signs a test request in as the user named in <see cref="Header"/>, with the claim an OpenID Connect token carries.
/// It exists only in the test host, in front of the service's own pipeline; the service has no such switch.
/// </summary>
public sealed class TestUser : IStartupFilter
{
    public const string Header = "X-Test-User";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].ToString() is { Length: > 0 } name)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("preferred_username", name)], authenticationType: "Test"));
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
