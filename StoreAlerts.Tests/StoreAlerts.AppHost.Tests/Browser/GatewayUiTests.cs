using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StoreAlerts.AppHost.Tests.System;

namespace StoreAlerts.AppHost.Tests.Browser;

/// <summary>
/// The web UI in Chromium against the whole system in local mode: every click goes browser → gateway →
/// service → database/Kafka → Alert → PostgreSQL and MailDev.
/// </summary>
[Collection(StoreAlertsAppCollection.Name)]
public sealed class GatewayUiTests(StoreAlertsAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_store_created_and_closed_by_admin_in_the_ui_appears_live_on_the_alerts_page_and_in_the_inbox_saying_who()
    {
        await using var session = await StartAsync();
        var name = UniqueName("Zara");

        var stores = await session.NewPageAsync();
        await stores.GotoAsync("/stores/new");
        await stores.FillAsync("#store-name", name);
        await stores.FillAsync("#store-address", "Gran Via 32, Madrid");
        await stores.SelectOptionAsync("#store-status", "OPEN");
        await stores.ClickAsync("main button[type=submit]");
        await stores.WaitForURLAsync(new Regex("/stores/[0-9a-f]{24}$"));
        var id = stores.Url.Split('/').Last();
        await Expect(stores.Locator("h1")).ToHaveTextAsync(name);

        await stores.GotoAsync($"/stores?name={Uri.EscapeDataString(name)}");
        var row = stores.Locator($"tr[data-store-id='{id}']");
        await Expect(row.Locator("td[data-label=Name]")).ToHaveTextAsync(name);
        await Expect(row.Locator("td[data-label=Status]")).ToHaveTextAsync("OPEN");

        var alerts = await session.NewPageAsync();
        await alerts.GotoAsync($"/alerts?storeName={Uri.EscapeDataString(name)}");
        await Expect(alerts.Locator("[data-live=connected]")).ToBeVisibleAsync();
        await Expect(alerts.Locator("tr[data-alert-id]")).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Link, new() { Name = $"Edit {name}" }).ClickAsync();
        await stores.WaitForURLAsync($"**/stores/{id}/edit");
        await stores.SelectOptionAsync("#store-status", "CLOSED");
        await stores.ClickAsync("main button[type=submit]");
        await stores.WaitForURLAsync($"**/stores/{id}");
        await Expect(stores.Locator(".facts")).ToContainTextAsync("CLOSED");

        // The alerts page was not reloaded: the row arrives through the server push.
        var alertRow = alerts.Locator("tr[data-alert-id]");
        await Expect(alertRow).ToHaveCountAsync(1, new() { Timeout = (float)AlertTimeout.TotalMilliseconds });
        await Expect(alertRow.Locator("td[data-label=Store]")).ToContainTextAsync(name);
        await Expect(alertRow.Locator("td[data-label=Status]")).ToContainTextAsync("OPEN → CLOSED");
        await Expect(alertRow.Locator("td[data-label=Status] .changed-by")).ToHaveTextAsync("closed by admin");
        await Expect(alertRow.Locator("td[data-label=Email]")).ToContainTextAsync("Sent", new() { Timeout = (float)AlertTimeout.TotalMilliseconds });

        var email = await Api.WaitForEmailAsync(name, AlertTimeout);
        Assert.Equal($"Store Alert: {name} is now CLOSED (closed by admin)", email.GetProperty("subject").GetString());

        // The email links back to the store's page in this UI.
        var link = Regex.Match(email.GetProperty("text").GetString() ?? "", $@"https?://\S+/stores/{id}").Value;
        Assert.NotEmpty(link);
        await stores.GotoAsync(link);
        await Expect(stores.Locator("h1")).ToHaveTextAsync(name);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_validation_error_from_the_store_service_is_shown_next_to_its_field_and_nothing_is_saved()
    {
        await using var session = await StartAsync();
        var address = UniqueName("Nowhere");
        var page = await session.NewPageAsync();

        await page.GotoAsync("/stores/new");
        await page.FillAsync("#store-name", new string('x', 201));
        await page.FillAsync("#store-address", address);
        await page.ClickAsync("main button[type=submit]");

        await Expect(page.Locator("#store-name-error")).ToContainTextAsync("at most 200 characters");
        await Expect(page.Locator("#store-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#store-address-error")).ToHaveCountAsync(0);
        await Expect(page.Locator("#store-address")).ToHaveValueAsync(address);
        Assert.EndsWith("/stores/new", page.Url);

        await page.FillAsync("#store-name", "");
        await page.ClickAsync("main button[type=submit]");
        await Expect(page.Locator("#store-name-error")).ToHaveTextAsync("Is required.");

        Assert.Equal(0, await Api.CountStoresAsync(address));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_store_named_like_markup_is_displayed_as_text()
    {
        await using var session = await StartAsync();
        var marker = Guid.NewGuid().ToString("N");
        var name = $"<img src=x onerror=alert(1)> {marker}";
        var store = await Api.CreateStoreAsync(name, "<b>bold</b> street");
        var page = await session.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync($"/stores?name={marker}");
        await Expect(page.Locator($"tr[data-store-id='{store.Id}'] td[data-label=Name]")).ToHaveTextAsync(name);
        await Expect(page.Locator($"tr[data-store-id='{store.Id}'] td[data-label=Address]")).ToHaveTextAsync("<b>bold</b> street");
        await page.GotoAsync($"/stores/{store.Id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);

        Assert.Equal(0, await page.Locator("main img, main b").CountAsync());
        Assert.Equal(0, dialogs);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_store_list_filters_by_name_and_status_sorts_by_column_and_pages()
    {
        await using var session = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var (name, status) in new[] { ("Alpha", "OPEN"), ("Bravo", "CLOSED"), ("Charlie", "OPEN") })
        {
            await Api.CreateStoreAsync($"{name} {tag}", "Calle Mayor 1", status);
        }

        var page = await session.NewPageAsync();
        var names = page.Locator("tbody td[data-label=Name]");
        await page.GotoAsync("/stores");
        await page.FillAsync("#filter-name", tag);
        await page.ClickAsync("form.filters button[type=submit]");
        await Expect(names).ToHaveTextAsync([$"Alpha {tag}", $"Bravo {tag}", $"Charlie {tag}"]);

        await page.SelectOptionAsync("#filter-status", "OPEN");
        await page.ClickAsync("form.filters button[type=submit]");
        await Expect(names).ToHaveTextAsync([$"Alpha {tag}", $"Charlie {tag}"]);

        await page.SelectOptionAsync("#filter-status", "");
        await page.ClickAsync("form.filters button[type=submit]");
        await Expect(names).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Link, new() { Name = "Name", Exact = true }).ClickAsync();
        await Expect(names).ToHaveTextAsync([$"Charlie {tag}", $"Bravo {tag}", $"Alpha {tag}"]);
        await Expect(page.Locator("th[aria-sort=descending]")).ToHaveTextAsync("Name ▼");

        // Back to A to Z through the "Sort by" field, which phone users have instead of column headers.
        await page.SelectOptionAsync("#sort-by", "name,asc");
        await page.ClickAsync("form.filters button[type=submit]");
        await Expect(names).ToHaveTextAsync([$"Alpha {tag}", $"Bravo {tag}", $"Charlie {tag}"]);

        await page.GotoAsync($"/stores?name={tag}&size=2");
        await Expect(names).ToHaveTextAsync([$"Alpha {tag}", $"Bravo {tag}"]);
        await Expect(page.Locator(".pager p")).ToHaveTextAsync("Page 1 of 2 (3 items)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(names).ToHaveTextAsync([$"Charlie {tag}"]);
        await Expect(page.Locator(".pager p")).ToHaveTextAsync("Page 2 of 2 (3 items)");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_stale_edit_says_someone_else_changed_the_store_and_offers_to_reload()
    {
        await using var session = await StartAsync();
        var store = await Api.CreateStoreAsync(UniqueName("Mango"), "Paseo de Gracia 8");
        var page = await session.NewPageAsync();
        await page.GotoAsync($"/stores/{store.Id}/edit");

        var theirs = await Api.UpdateStoreAsync(store, "Rambla 1");
        await page.FillAsync("#store-address", "My address");
        await page.ClickAsync("main button[type=submit]");

        await Expect(page.Locator("#stale-edit")).ToContainTextAsync("Someone else changed this store");
        Assert.Equal("Rambla 1", (await Api.GetStoreAsync(store.Id)).Address);
        await page.ClickAsync("#stale-edit a");
        await Expect(page.Locator("#store-address")).ToHaveValueAsync("Rambla 1");
        await Expect(page.Locator(".facts")).ToContainTextAsync(new Regex($@"Version\s*{theirs.Version}"));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Deleting_a_store_asks_for_confirmation_first()
    {
        await using var session = await StartAsync();
        var store = await Api.CreateStoreAsync(UniqueName("Bershka"), "Calle Mayor 1");
        var page = await session.NewPageAsync();

        await page.GotoAsync($"/stores/{store.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync($"**/stores/{store.Id}/delete");
        Assert.Equal(HttpStatusCode.OK, await Api.StoreStatusAsync(store.Id));

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync("**/stores");
        Assert.Equal(HttpStatusCode.NotFound, await Api.StoreStatusAsync(store.Id));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_stores_page_fits_a_phone_and_starts_with_a_skip_link()
    {
        await using var session = await StartAsync(new ViewportSize { Width = 375, Height = 740 });
        var name = UniqueName("Stradivarius with a rather long name that has to wrap");
        await Api.CreateStoreAsync(name, "Avenida de la Constitución 150, Sevilla");
        var page = await session.NewPageAsync();

        await page.GotoAsync($"/stores?name={Uri.EscapeDataString(name)}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone.");

        // From the top of the page, the first Tab reaches the skip link, which moves focus to the content.
        await page.EvaluateAsync("() => { document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); }");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(":focus")).ToHaveIdAsync("main");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_api_reference_shows_both_services_documents_through_the_gateway()
    {
        await using var session = await StartAsync();
        var page = await session.NewPageAsync();

        await page.GotoAsync("/api-docs/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "StoreAlerts.Store", Exact = false }).First).ToBeVisibleAsync();
        await Expect(page.GetByText("/services/store").First).ToBeVisibleAsync();
        await page.GotoAsync("/api-docs/#alert");
        await page.GetByText("Store service").First.ClickAsync();
        await page.GetByText("Alert service").Last.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "StoreAlerts.Alert", Exact = false }).First).ToBeVisibleAsync();
        Assert.Empty(session.Errors);
    }

    private SystemApi Api => new(app);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A browser signed in as <c>admin</c>, who may do everything these tests do.</summary>
    private async Task<BrowserSession> StartAsync(ViewportSize? viewport = null)
    {
        Assert.SkipWhen(browser.SkipReason is not null, browser.SkipReason ?? "");
        var session = await BrowserSession.StartAsync(browser.Browser, app.App.GetEndpoint(ResourceNames.Gateway, "http"), viewport);
        await session.SignInAsync("admin", app.AdminPassword);
        return session;
    }
}
