using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StoreAlerts.ServiceDefaults.Tests.Authentication;

/// <summary>
/// <c>Identity:MetadataAddress</c> (ADR-013): the provider's internal address the metadata and keys are read from, while
/// the authority stays the public issuer; without it, the authority's own discovery document, https unless on loopback.
/// </summary>
public class MetadataAddressTests
{
    [Fact]
    public void The_metadata_is_read_at_the_internal_address_over_http_while_the_authority_stays_the_public_one()
    {
        var options = Bearer(("Identity:Authority", "https://gateway.example.com/auth"),
            ("Identity:MetadataAddress", "http://identity:8080/auth/.well-known/openid-configuration"));

        Assert.Equal("https://gateway.example.com/auth", options.Authority?.TrimEnd('/'));
        Assert.Equal("http://identity:8080/auth/.well-known/openid-configuration", options.MetadataAddress);
        Assert.False(options.RequireHttpsMetadata);
    }

    [Fact]
    public void Without_it_a_remote_authority_must_publish_its_metadata_over_https()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Bearer(("Identity:Authority", "http://gateway.example.com/auth")));

        Assert.Contains("HTTPS", ex.Message);
    }

    [Fact]
    public void A_metadata_address_that_is_not_an_absolute_uri_stops_the_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Bearer(("Identity:Authority", "https://gateway.example.com/auth"),
            ("Identity:MetadataAddress", "identity/.well-known")));

        Assert.Contains("Identity:MetadataAddress", ex.Message);
    }

    private static JwtBearerOptions Bearer(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddDefaultAuthentication("store");
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }
}
