using Microsoft.AspNetCore.Authentication.Cookies;

namespace StoreAlerts.Identity.Accounts;

public static class AccountsExtensions
{
    /// <summary>The provider's own sign-in session (a cookie of its own), separate from the gateway's.</summary>
    public const string Scheme = "StoreAlerts.Identity";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Dictionary<string, UserAccount>>(builder.Configuration.GetSection(UserDirectory.Section));
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddAntiforgery();
        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, options =>
            {
                options.LoginPath = "/account/login";
                options.Cookie.Name = "storealerts.identity";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
