using Microsoft.Playwright;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>
/// A fresh browser context on the gateway for one test: it records console errors and uncaught page errors,
/// and saves a screenshot of every open page when the test ends (under <c>screenshots/</c> next to the test binaries).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly string _testName;

    private BrowserSession(IBrowserContext context, string testName)
    {
        _context = context;
        _testName = testName;
        context.Page += (_, page) => Watch(page);
    }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Console errors and uncaught exceptions of every page so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public static async Task<BrowserSession> StartAsync(IBrowser browser, Uri gateway, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(context, TestContext.Current.Test?.TestDisplayName ?? "test");
    }

    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    public Task<IReadOnlyList<BrowserContextCookiesResult>> CookiesAsync() => _context.CookiesAsync();

    /// <summary>Signs in through the identity provider's form, the way a person does; the page ends on the gateway's home page.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/signin?returnUrl=%2F");
        await SubmitSignInFormAsync(page, userName, password);
        await page.CloseAsync();
    }

    /// <summary>Fills the provider's sign-in form the page is on and waits until the gateway shows the user signed in.</summary>
    public static async Task SubmitSignInFormAsync(IPage page, string userName, string password)
    {
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".signed-in")).ToContainTextAsync(userName);
    }

    public async ValueTask DisposeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var pages = _context.Pages;
        for (var i = 0; i < pages.Count; i++)
        {
            var file = Path.Combine(ScreenshotDirectory, $"{FileName(_testName)}{(i == 0 ? "" : $"-{i + 1}")}.png");
            var image = await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            TestContext.Current.AddAttachment(Path.GetFileName(file), image, "image/png");
            TestContext.Current.SendDiagnosticMessage($"Screenshot: {file}");
        }

        await _context.CloseAsync();
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error: {error}");
            }
        };
    }

    private static string FileName(string testName)
    {
        var name = testName.Split('.').Last();
        foreach (var invalid in Path.GetInvalidFileNameChars().Append('(').Append(')').Append(' ').Append('"'))
        {
            name = name.Replace(invalid, '_');
        }

        return name;
    }
}
