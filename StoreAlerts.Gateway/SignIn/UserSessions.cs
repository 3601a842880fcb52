using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Gateway.SignIn;

/// <summary>
/// The signed-in users' tokens by session id (the cookie carries only the id, in its protected ticket). An access token
/// is refreshed with the refresh token when less than <see cref="RefreshBefore"/> of its life is left. In memory: a
/// restarted gateway asks everyone to sign in again (ADR-009).
/// </summary>
public sealed class UserSessions(IOptionsMonitor<OpenIdConnectOptions> oidc, IHttpClientFactory clients, TimeProvider clock, ILogger<UserSessions> logger)
{
    public const string SessionClaim = "storealerts_session";
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, UserSession> _sessions = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshing = new();

    public string Start(UserSession session)
    {
        var id = Guid.NewGuid().ToString("N");
        _sessions[id] = session;
        return id;
    }

    public bool Exists(ClaimsPrincipal user) => Find(user) is not null;

    public UserSession? Find(ClaimsPrincipal user) =>
        user.FindFirst(SessionClaim)?.Value is { } id && _sessions.TryGetValue(id, out var session) ? session : null;

    public void End(ClaimsPrincipal user)
    {
        if (user.FindFirst(SessionClaim)?.Value is { } id)
        {
            _sessions.TryRemove(id, out _);
            _refreshing.TryRemove(id, out _);
        }
    }

    /// <summary>The user's access token, refreshed first when it is about to expire; null when there is none to give.</summary>
    public async Task<string?> AccessTokenAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirst(SessionClaim)?.Value is not { } id || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.ExpiresAt - clock.GetUtcNow() > RefreshBefore || session.RefreshToken is null)
        {
            return session.ExpiresAt > clock.GetUtcNow() ? session.AccessToken : null;
        }

        var gate = _refreshing.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_sessions.TryGetValue(id, out var current) && current.ExpiresAt - clock.GetUtcNow() > RefreshBefore)
            {
                return current.AccessToken;
            }

            var refreshed = await RefreshAsync(session, cancellationToken);
            if (refreshed is null)
            {
                _sessions.TryRemove(id, out _);
                return null;
            }

            _sessions[id] = refreshed;
            return refreshed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<UserSession?> RefreshAsync(UserSession session, CancellationToken cancellationToken)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var response = await clients.CreateClient(SignInExtensions.TokenClient).PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = session.RefreshToken!,
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret!,
            }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("The provider refused to refresh a session's access token ({Status}); the user signs in again.", (int)response.StatusCode);
            return null;
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = body.RootElement;
        return new UserSession(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : session.RefreshToken,
            root.TryGetProperty("id_token", out var idToken) ? idToken.GetString() : session.IdToken,
            clock.GetUtcNow().AddSeconds(root.TryGetProperty("expires_in", out var expiresIn) ? expiresIn.GetInt32() : 300));
    }
}
