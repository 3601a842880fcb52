using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace StoreAlerts.AppHost.Tests.System;

/// <summary>
/// The provider behind the gateway (ADR-013): scripts get tokens through the gateway's <c>/auth</c>, every token says
/// the gateway's public issuer wherever it was asked for, and the services accept that issuer and no other, even
/// signed with the provider's own key.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public class IssuerTests(StoreAlertsAppFixture system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string PublicIssuer => $"{system.App.GetEndpoint(ResourceNames.Gateway, "http").ToString().TrimEnd('/')}/auth";

    [Fact]
    public async Task A_token_asked_for_through_the_gateway_carries_the_public_issuer_and_the_store_and_the_alert_accept_it()
    {
        using var gateway = system.CreateAnonymousClient(ResourceNames.Gateway);

        var discovery = await gateway.GetFromJsonAsync<JsonElement>("/auth/.well-known/openid-configuration", Ct);
        var tokenEndpoint = discovery.GetProperty("token_endpoint").GetString()!;
        var token = await ClientCredentialsAsync(gateway, tokenEndpoint);

        Assert.Equal(PublicIssuer, discovery.GetProperty("issuer").GetString());
        // Read through the gateway, every endpoint a script or a browser uses is on the gateway's origin.
        Assert.StartsWith($"{PublicIssuer}/", tokenEndpoint);
        Assert.StartsWith($"{PublicIssuer}/", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.StartsWith($"{PublicIssuer}/", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(PublicIssuer, new JsonWebToken(token).Issuer);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(ResourceNames.Store, "/api/stores?size=1", token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(ResourceNames.Alert, "/api/store-alerts?size=1", token));
    }

    [Fact]
    public async Task The_internal_metadata_names_the_public_issuer_and_internal_back_channel_endpoints()
    {
        using var identity = system.CreateAnonymousClient(ResourceNames.Identity);

        var discovery = await identity.GetFromJsonAsync<JsonElement>("/auth/.well-known/openid-configuration", Ct);
        var internalBase = $"{identity.BaseAddress!.ToString().TrimEnd('/')}/auth/";

        Assert.Equal(PublicIssuer, discovery.GetProperty("issuer").GetString());
        Assert.StartsWith(internalBase, discovery.GetProperty("token_endpoint").GetString());
        Assert.StartsWith(internalBase, discovery.GetProperty("jwks_uri").GetString());
        Assert.Equal(PublicIssuer, new JsonWebToken(await system.ServiceTokenAsync(Ct)).Issuer);
    }

    [Fact]
    public async Task A_token_signed_with_the_provider_s_own_key_but_naming_its_internal_address_as_issuer_is_refused()
    {
        var genuine = new JsonWebToken(await system.ServiceTokenAsync(Ct));
        var internalIssuer = $"{system.App.GetEndpoint(ResourceNames.Identity, "http").ToString().TrimEnd('/')}/auth";

        var resigned = await ResignAsync(genuine, PublicIssuer);
        var internalOne = await ResignAsync(genuine, internalIssuer);

        // The control: re-signed with the public issuer, the same claims pass, so only the issuer makes the difference.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(ResourceNames.Store, "/api/stores?size=1", resigned));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(ResourceNames.Store, "/api/stores?size=1", internalOne));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(ResourceNames.Alert, "/api/store-alerts?size=1", internalOne));
    }

    private async Task<string> ClientCredentialsAsync(HttpClient client, string tokenEndpoint)
    {
        using var response = await client.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "storealerts-service",
            ["client_secret"] = await system.ParameterAsync("service-client-secret", Ct),
        }), Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.IsSuccessStatusCode, $"The provider refused the service client through the gateway: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>The token's claims, issued by <paramref name="issuer"/>, signed with the provider's signing key (from its data folder).</summary>
    private async Task<string> ResignAsync(JsonWebToken token, string issuer)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(system.DataDirectory, "identity", "signing-key.pem"), Ct));
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(token.EncodedPayload))!;
        payload["iss"] = issuer;
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = token.Kid };
        return new JsonWebTokenHandler().CreateToken(JsonSerializer.Serialize(payload), new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { ["typ"] = token.Typ });
    }

    private async Task<HttpStatusCode> StatusAsync(string service, string path, string token)
    {
        using var client = system.CreateAnonymousClient(service);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
