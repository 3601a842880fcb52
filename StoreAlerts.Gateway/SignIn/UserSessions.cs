using System.Collections.Concurrent;
using System.Net;
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

            var (refreshed, refused) = await RefreshAsync(session, cancellationToken);
            if (refreshed is not null)
            {
                _sessions[id] = refreshed;
                return refreshed.AccessToken;
            }

            if (refused)
            {
                _sessions.TryRemove(id, out _);
                return null;
            }

            // The provider could not be asked: a short outage signs nobody out; the token serves while it is valid.
            return session.ExpiresAt > clock.GetUtcNow() ? session.AccessToken : null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The refreshed session; or none, and whether the provider refused it (400 or 401: the grant or the client is no longer valid) rather than could not answer.</summary>
    private async Task<(UserSession? Refreshed, bool Refused)> RefreshAsync(UserSession session, CancellationToken cancellationToken)
    {
        using var response = await AskAsync(session, cancellationToken);
        if (response is null)
        {
            return (null, false);
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            logger.LogWarning("The provider refused to refresh a session's access token ({Status}); the user signs in again.", (int)response.StatusCode);
            return (null, true);
        }

        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("The provider failed to refresh a session's access token ({Status}); the session keeps its token while it is valid.", (int)response.StatusCode);
            return (null, false);
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = body.RootElement;
        return (new UserSession(
            root.GetProperty("access_token").GetString()!,
            root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : session.RefreshToken,
            root.TryGetProperty("id_token", out var idToken) ? idToken.GetString() : session.IdToken,
            clock.GetUtcNow().AddSeconds(root.TryGetProperty("expires_in", out var expiresIn) ? expiresIn.GetInt32() : 300)), false);
    }

    /// <summary>The token endpoint's answer to the refresh, or null when the provider could not be reached.</summary>
    private async Task<HttpResponseMessage?> AskAsync(UserSession session, CancellationToken cancellationToken)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            return await clients.CreateClient(SignInExtensions.TokenClient).PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = session.RefreshToken!,
                    ["client_id"] = options.ClientId!,
                    ["client_secret"] = options.ClientSecret!,
                }), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("The provider could not be reached to refresh a session's access token ({Error}); the session keeps its token while it is valid.", ex.GetType().Name);
            return null;
        }
    }
}
