using Microsoft.Playwright;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>
/// One headless Chromium for all browser tests (each test gets its own context). Debian's chromium is used,
/// because <c>playwright install</c> cannot download a browser here; keep its major version equal to Playwright's.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"No Chromium at {ChromiumPath} (Debian package 'chromium').";
            return;
        }

        // Playwright's 5 s default for expectations is too short for a Blazor circuit to start on 2 busy cores.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
