using System.Net;

namespace StoreAlerts.Identity.Accounts;

/// <summary>The sign-in form: plain HTML, no script, so the page's Content-Security-Policy can forbid every script.</summary>
public static class LoginPage
{
    public static IResult Render(string action, string returnUrl, string antiforgeryField, string antiforgeryToken, string? error, int status = StatusCodes.Status200OK)
    {
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Sign in - StoreAlerts</title>
              <link rel="icon" href="data:," />
              <style>
                body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
                label, input, button { display: block; width: 100%; box-sizing: border-box; margin-top: .5rem; }
                input, button { padding: .5rem; font-size: 1rem; }
                button { margin-top: 1rem; }
                .error { color: #a00; }
              </style>
            </head>
            <body>
              <h1>Sign in to StoreAlerts</h1>
              {{message}}
              <form method="post" action="{{WebUtility.HtmlEncode(action)}}">
                <input type="hidden" name="{{WebUtility.HtmlEncode(antiforgeryField)}}" value="{{WebUtility.HtmlEncode(antiforgeryToken)}}" />
                <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}" />
                <label for="username">User name</label>
                <input id="username" name="username" autocomplete="username" required autofocus />
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">Sign in</button>
              </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
