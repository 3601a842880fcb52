using Microsoft.AspNetCore.WebUtilities;

namespace StoreAlerts.Gateway.Api;

/// <summary>
/// Paging, sorting and filters of a list page, read from and written to its query string
/// (the same names the services take, so a page URL and an API URL look alike).
/// </summary>
public sealed record ListQuery(string Path, int Page, int Size, string? Sort, IReadOnlyDictionary<string, string?> Filters)
{
    public const int DefaultSize = 20;

    public static ListQuery Create(string path, int? page, int? size, string? sort, IReadOnlyDictionary<string, string?> filters) =>
        new(path, Math.Max(page ?? 0, 0), size is > 0 and <= 100 ? size.Value : DefaultSize, string.IsNullOrWhiteSpace(sort) ? null : sort,
            filters.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value));

    public string? SortField => Sort?.Split(',')[0];

    public bool SortDescending => Sort?.EndsWith(",desc", StringComparison.OrdinalIgnoreCase) == true;

    public string? Filter(string name) => Filters.GetValueOrDefault(name);

    /// <summary>This page's URL with another page number.</summary>
    public string PageUrl(int page) => Url(Path, page, Sort);

    /// <summary>The URL that sorts by a column: ascending first, then toggling; back to the first page.</summary>
    public string SortUrl(string field) =>
        Url(Path, 0, SortField == field && !SortDescending ? $"{field},desc" : $"{field},asc");

    /// <summary>The same query against a service's API path.</summary>
    public string ApiUrl(string apiPath) => Url(apiPath, Page, Sort);

    private string Url(string path, int page, string? sort)
    {
        var query = new Dictionary<string, string?> { ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (Size != DefaultSize)
        {
            query["size"] = Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (sort is not null)
        {
            query["sort"] = sort;
        }

        foreach (var (name, value) in Filters)
        {
            query[name] = value;
        }

        return QueryHelpers.AddQueryString(path, query);
    }
}
