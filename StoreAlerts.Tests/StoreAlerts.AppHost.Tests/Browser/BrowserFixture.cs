using Microsoft.Playwright;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>
/// One headless Chromium for all browser tests (each test gets its own context). Debian's chromium is used,
/// because <c>playwright install</c> cannot download a browser here; keep its major version equal to Playwright's.
/// <c>./test.sh</c> installs it and names it in <c>STOREALERTS_CHROMIUM</c>; a plain <c>dotnet test</c> looks on PATH.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "STOREALERTS_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var chromium = FindChromium();
        if (chromium is null)
        {
            // ./test.sh counts this skip as a failure: it installs Chromium, so a browser it cannot find is a bug.
            SkipReason = $"No Chromium: install Debian's 'chromium' (./test.sh does) or set {ChromiumVariable} to its path.";
            return;
        }

        // Playwright's 5 s default for expectations is too short for a Blazor circuit to start on 2 busy cores.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
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

    private static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : throw new FileNotFoundException($"{ChromiumVariable} names {named}, which does not exist.");
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }
}
