#:package Microsoft.Playwright
#:property PublishAot=false
#:property UseSharedCompilation=false
// Saves the dashboard's view of one trace as a PNG: dotnet run docs/images/capture-trace.cs -- <dashboard> <trace id> <png>
using Microsoft.Playwright;

var (dashboard, traceId, png) = (args[0], args[1], args[2]);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("STOREALERTS_CHROMIUM") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 }, ColorScheme = ColorScheme.Light });
await page.GotoAsync($"{dashboard}/traces/detail/{traceId}");
await page.GetByText("smtp send").First.WaitForAsync(new() { Timeout = 60_000 });
var dismiss = page.Locator(".dashboard-message-bar-dismiss"); // a local run's unsecured-endpoint and certificate banners
while (await dismiss.CountAsync() > 0)
{
    await dismiss.First.ClickAsync();
}

await page.WaitForTimeoutAsync(1000); // the waterfall's bars settle after the rows appear
var waterfall = page.Locator("table").Last;
await waterfall.WaitForAsync();
var grid = await waterfall.BoundingBoxAsync();
await page.ScreenshotAsync(new() { Path = png, Clip = new() { Width = 1600, Height = Math.Min(1000, grid!.Y + grid.Height + 24) } });
