using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StoreAlerts.Identity.Server;

public static class ServerExtensions
{
    public static IHostApplicationBuilder AddIdentityServer(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(IdentityServerOptions.Section);
        builder.Services.Configure<IdentityServerOptions>(section);
        var options = section.Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new InvalidOperationException($"{IdentityServerOptions.Section}:DataDirectory is required: where the provider keeps its keys and database.");
        }

        Directory.CreateDirectory(options.DataDirectory);
        builder.Services.AddDbContext<IdentityDbContext>(db => db
            .UseSqlite($"Data Source={Path.Combine(options.DataDirectory, "identity.db")}")
            .UseOpenIddict());

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetUserInfoEndpointUris("connect/userinfo");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime);
                if (options.Issuer is { } issuer)
                {
                    server.SetIssuer(issuer);
                }

                server.AddSigningKey(ServerKeys.Rsa(options.DataDirectory, "signing-key"))
                    .AddEncryptionKey(ServerKeys.Rsa(options.DataDirectory, "encryption-key"));
                // Access tokens are signed JWTs any JWT bearer handler validates against the published keys.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    // The AppHost runs this provider on http over loopback, like every local-mode resource (ADR-009).
                    .DisableTransportSecurityRequirement();
            });

        builder.Services.AddHostedService<ClientRegistration>();
        return builder;
    }
}
