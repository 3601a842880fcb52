namespace StoreAlerts.Gateway.SignIn;

/// <summary>The tokens of one signed-in user, held by the gateway only; the browser has just the session cookie.</summary>
public sealed record UserSession(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset ExpiresAt);
