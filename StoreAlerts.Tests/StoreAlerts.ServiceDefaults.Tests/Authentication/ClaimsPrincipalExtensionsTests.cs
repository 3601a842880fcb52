using System.Security.Claims;
using StoreAlerts.ServiceDefaults.Authentication;

namespace StoreAlerts.ServiceDefaults.Tests.Authentication;

public sealed class ClaimsPrincipalExtensionsTests
{
    [Fact]
    public void Anonymous_requests_have_no_user_name_even_with_a_name_claim()
    {
        var unauthenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim("preferred_username", "admin")]));

        Assert.Null(new ClaimsPrincipal().UserName());
        Assert.Null(unauthenticated.UserName());
        Assert.Null(((ClaimsPrincipal?)null).UserName());
    }

    [Theory]
    [InlineData("admin", "preferred_username", "admin", "name", "Administrator", "sub", "0c5f")]
    [InlineData("Administrator", "name", "Administrator", "sub", "0c5f", "", "")]
    [InlineData("Ana", ClaimTypes.Name, "Ana", "sub", "0c5f", "", "")]
    [InlineData("0c5f", "sub", "0c5f", "email", "a@x", "", "")]
    [InlineData("0c5f", ClaimTypes.NameIdentifier, "0c5f", "", "", "", "")]
    [InlineData("Ana", "preferred_username", " ", "name", "Ana", "", "")]
    public void User_name_is_the_preferred_username_else_the_name_else_the_subject(string expected,
        string type1, string value1, string type2, string value2, string type3, string value3)
    {
        var claims = new[] { (type1, value1), (type2, value2), (type3, value3) }
            .Where(c => c.Item1 != "")
            .Select(c => new Claim(c.Item1, c.Item2));
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "Bearer"));

        Assert.Equal(expected, user.UserName());
    }

    [Fact]
    public void An_authenticated_user_without_any_name_claim_has_no_user_name()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("email", "a@x")], authenticationType: "Bearer"));

        Assert.Null(user.UserName());
    }
}
