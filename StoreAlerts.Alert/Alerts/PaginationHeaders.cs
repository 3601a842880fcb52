using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace StoreAlerts.Alert.Alerts;

/// <summary><c>X-Total-Count</c> and a JHipster-style <c>Link</c> header (next, prev, last, first).</summary>
public static class PaginationHeaders
{
    public static void Add(HttpContext context, int page, int size, long total)
    {
        var response = context.Response;
        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        var lastPage = total == 0 ? 0 : (int)((total - 1) / size);
        var links = new List<string>();
        if (page < lastPage)
        {
            links.Add(Link(context.Request, page + 1, size, "next"));
        }

        if (page > 0)
        {
            links.Add(Link(context.Request, Math.Min(page - 1, lastPage), size, "prev"));
        }

        links.Add(Link(context.Request, lastPage, size, "last"));
        links.Add(Link(context.Request, 0, size, "first"));
        response.Headers.Link = string.Join(",", links);
    }

    private static string Link(HttpRequest request, int page, int size, string rel)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        query["size"] = size.ToString(CultureInfo.InvariantCulture);
        var url = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
        return $"<{url}>; rel=\"{rel}\"";
    }
}
