using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StoreAlerts.Testing;

/// <summary>
/// A token issuer for service-level tests: it publishes OpenID Connect metadata and its signing key (JWKS) over a real
/// loopback socket, as a provider does, and signs tokens with that key. A service pointed at it with
/// <c>Identity:Authority</c> validates those tokens exactly as it validates the real provider's; nothing is switched off.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private static readonly Lazy<TestIssuer> SharedIssuer = new(() => Start());

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private TestIssuer(WebApplication app, RsaSecurityKey key, Uri authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    /// <summary>One issuer for the whole test process.</summary>
    public static TestIssuer Shared => SharedIssuer.Value;

    public Uri Authority { get; }

    public string Issuer => Authority.ToString().TrimEnd('/');

    public static TestIssuer Start()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var port = FreePort.Next();
        var authority = new Uri($"http://127.0.0.1:{port}/");
        var issuer = authority.ToString().TrimEnd('/');
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = $"{issuer}/.well-known/jwks",
            ["token_endpoint"] = $"{issuer}/connect/token",
            ["authorization_endpoint"] = $"{issuer}/connect/authorize",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/.well-known/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, e = jwk.E, n = jwk.N, alg = "RS256" } },
        }));
        app.StartAsync().GetAwaiter().GetResult();
        return new TestIssuer(app, key, authority);
    }

    /// <summary>A signed access token for <paramref name="audience"/> carrying <paramref name="roles"/>.</summary>
    public string Token(string audience, string[] roles, string subject = "test-admin", DateTime? expires = null, string? issuer = null,
        SecurityKey? key = null) => Token([audience], roles, subject, expires, issuer, key);

    /// <summary>A signed access token for every one of <paramref name="audiences"/>, as the real provider issues them.</summary>
    public string Token(string[] audiences, string[] roles, string subject = "test-admin", DateTime? expires = null, string? issuer = null,
        SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", subject), new("name", subject), new("preferred_username", subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        var expiry = expires ?? now.AddHours(2);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Claims = new Dictionary<string, object> { ["aud"] = audiences },
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expiry < now ? expiry.AddHours(-1) : now,
            NotBefore = expiry < now ? expiry.AddHours(-1) : now,
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public string UnsignedToken(string audience, string[] roles)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var roleList = string.Join(",", roles.Select(r => $"\"{r}\""));
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{Issuer}}","aud":"{{audience}}","sub":"forger","role":[{{roleList}}],"exp":{{exp}},"nbf":{{exp - 7200}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>Sets <c>Authorization: Bearer</c> on every request of <paramref name="http"/>: a token for the Store and the Alert.</summary>
    public HttpClient Authorize(HttpClient http, params string[] roles)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(["store", "alert"], roles.Length == 0 ? ["admin", "user"] : roles));
        return http;
    }

    public static SecurityKey OtherKey() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    /// <summary>The token with one bit of its signature flipped.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 1;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
