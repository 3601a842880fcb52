using System.Net;
using System.Text.RegularExpressions;

namespace StoreAlerts.Testing;

/// <summary>
/// A person's browser reduced to HTTP, for signing in through the gateway without Playwright: it follows redirects
/// itself and keeps every cookie by host, Secure ones included (the gateway and the provider set only Secure cookies,
/// which browsers send to http://localhost too), and fills the provider's sign-in form as a person does. Between the
/// gateway and the provider it is the real authorization code flow with PKCE.
/// </summary>
public sealed partial class SignInClient(Uri gateway) : IDisposable
{
    public const string SessionCookie = "storealerts.session";

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(100) };
    private readonly Dictionary<string, Dictionary<string, string>> _cookies = [];
    private readonly List<Uri> _visited = [];

    public Uri Gateway { get; } = gateway;

    /// <summary>Every address requested so far, redirects included (the provider's answer with the authorization code among them).</summary>
    public IReadOnlyList<Uri> Visited => _visited;

    /// <summary>Every cookie value held for any site.</summary>
    public IEnumerable<string> CookieValues => _cookies.Values.SelectMany(site => site.Values);

    public string? Cookie(Uri site, string name) => _cookies.GetValueOrDefault(site.Authority)?.GetValueOrDefault(name);

    /// <summary>One request, with this client's cookies, no redirect followed.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = new Uri(Gateway, request.RequestUri!);
        _visited.Add(request.RequestUri);
        if (_cookies.GetValueOrDefault(request.RequestUri.Authority) is { Count: > 0 } cookies)
        {
            request.Headers.Remove("Cookie");
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            Keep(request.RequestUri, setCookies);
        }

        return response;
    }

    /// <summary>A request and every redirect after it, as a browser follows them; the last response.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, cancellationToken);
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            if (hops == 20)
            {
                throw new InvalidOperationException($"Too many redirects, the last to {response.Headers.Location}.");
            }

            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            response.Dispose();
            response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, next), cancellationToken);
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string pathOrUrl, CancellationToken cancellationToken) =>
        FollowAsync(new HttpRequestMessage(HttpMethod.Get, pathOrUrl), cancellationToken);

    /// <summary>
    /// Opens the gateway's sign-in link, submits the provider's form with these credentials, and follows the redirects
    /// back; the last response (the gateway's home page when the credentials are right, the form again when not).
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        using var form = await GetAsync("/account/signin?returnUrl=%2F", cancellationToken);
        if (form.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The sign-in link ended at {form.RequestMessage!.RequestUri} with {(int)form.StatusCode}.");
        }

        // The provider's form, under whatever path it is served at (through the gateway: /auth/account/login).
        var (action, fields) = HiddenFields(await form.Content.ReadAsStringAsync(cancellationToken), "/account/login");
        fields["username"] = userName;
        fields["password"] = password;
        return await FollowAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(form.RequestMessage!.RequestUri!, action))
        {
            Content = new FormUrlEncodedContent(fields),
        }, cancellationToken);
    }

    /// <summary>Submits the gateway's Sign out form (from its home page) and follows the redirects through the provider and back.</summary>
    public async Task<HttpResponseMessage> SignOutAsync(CancellationToken cancellationToken)
    {
        using var home = await GetAsync("/", cancellationToken);
        var (_, fields) = HiddenFields(await home.Content.ReadAsStringAsync(cancellationToken), "/account/signout");
        fields["returnUrl"] = "/";
        return await FollowAsync(new HttpRequestMessage(HttpMethod.Post, "/account/signout") { Content = new FormUrlEncodedContent(fields) }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.MovedPermanently;

    /// <summary>The form whose action ends with <paramref name="actionPath"/>: its action and its hidden fields.</summary>
    private static (string Action, Dictionary<string, string> Fields) HiddenFields(string html, string actionPath)
    {
        var form = Regex.Match(html, $"<form[^>]*action=\"(?<action>[^\"]*{Regex.Escape(actionPath)})\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline);
        if (!form.Success)
        {
            throw new InvalidOperationException($"No form posting to {actionPath} on the page:\n{html}");
        }

        return (WebUtility.HtmlDecode(form.Groups["action"].Value), HiddenInput().Matches(form.Groups["body"].Value)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value)));
    }

    private void Keep(Uri site, IEnumerable<string> setCookies)
    {
        if (!_cookies.TryGetValue(site.Authority, out var cookies))
        {
            _cookies[site.Authority] = cookies = [];
        }

        foreach (var header in setCookies)
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var pair = parts[0].Split('=', 2);
            var expired = parts.Skip(1).Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(p["expires=".Length..], out var expires) && expires < DateTimeOffset.UtcNow);
            if (expired || pair.Length < 2 || pair[1].Length == 0)
            {
                cookies.Remove(pair[0]);
            }
            else
            {
                cookies[pair[0]] = pair[1];
            }
        }
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex HiddenInput();
}
