namespace StoreAlerts.Testing;

/// <summary>Every kind of token a service must refuse with 401, for a service whose audience is given.</summary>
public static class BadTokens
{
    public static readonly TheoryData<string> Kinds = new("another issuer", "expired", "wrong audience", "bad signature", "alg none");

    public static string Make(string kind, string audience)
    {
        var issuer = TestIssuer.Shared;
        string[] roles = ["admin", "user"];
        return kind switch
        {
            "another issuer" => issuer.Token(audience, roles, issuer: "http://127.0.0.1:1/other", key: TestIssuer.OtherKey()),
            "expired" => issuer.Token(audience, roles, expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong audience" => issuer.Token(audience == "store" ? "alert" : "store", roles),
            "bad signature" => TestIssuer.Tampered(issuer.Token(audience, roles)),
            "alg none" => issuer.UnsignedToken(audience, roles),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
