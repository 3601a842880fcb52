using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StoreAlerts.ServiceDefaults.Authentication;

namespace Microsoft.Extensions.Hosting;

public static class AuthenticationExtensions
{
    public const string Section = "Identity";

    /// <summary>
    /// JWT bearer tokens from the provider at <c>Identity:Authority</c>: issuer, lifetime and signature checked against
    /// its published metadata and keys, audience <c>Identity:Audience</c> (default: <paramref name="audience"/>),
    /// roles from the <c>Identity:RoleClaimType</c> claim (default <c>role</c>; Entra ID says <c>roles</c>).
    /// Policies <see cref="Roles.User"/> and <see cref="Roles.Admin"/>. There is no setting that turns checking off.
    /// <c>Identity:MetadataAddress</c>, when set, is where the metadata and keys are read instead of the authority's own
    /// discovery document: the provider's internal address when the authority is its public one behind the gateway
    /// (ADR-013), whose metadata names the public issuer tokens must carry.
    /// </summary>
    public static TBuilder AddDefaultAuthentication<TBuilder>(this TBuilder builder, string audience) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(Section);
        var authority = section["Authority"] is { Length: > 0 } value && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{Section}:Authority is required: the OpenID Connect provider whose tokens this service accepts.");
        var metadataAddress = MetadataAddress(section);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = authority.ToString();
                options.Audience = section["Audience"] is { Length: > 0 } configured ? configured : audience;
                // Plain http is allowed only to a provider on this machine (local mode and tests), or to the internal
                // address the AppHost names, inside the application's own network.
                options.RequireHttpsMetadata = metadataAddress is null && !IsLoopback(authority);
                if (metadataAddress is not null)
                {
                    options.MetadataAddress = metadataAddress.ToString();
                }

                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = section["RoleClaimType"] is { Length: > 0 } role ? role : "role";
                options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.User, policy => policy.RequireRole(Roles.User, Roles.Admin))
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>After the status-code pages, so a bare 401 or 403 from the challenge becomes a problem document.</summary>
    public static WebApplication UseDefaultAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>Identity:MetadataAddress</c> as an absolute URI, or null when it is not set.</summary>
    public static Uri? MetadataAddress(IConfigurationSection section) => section["MetadataAddress"] switch
    {
        null or "" => null,
        var value when Uri.TryCreate(value, UriKind.Absolute, out var uri) => uri,
        var value => throw new InvalidOperationException($"{Section}:MetadataAddress is not an absolute URI: '{value}'."),
    };

    private static bool IsLoopback(Uri authority) =>
        authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address));
}
