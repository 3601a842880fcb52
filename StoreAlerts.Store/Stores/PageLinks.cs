using Microsoft.AspNetCore.Http.Extensions;

namespace StoreAlerts.Store.Stores;

/// <summary>RFC 8288 <c>Link</c> header in JHipster's order (next, prev, last, first); other query parameters are kept.</summary>
public static class PageLinks
{
    public static string For(HttpRequest request, int page, int size, long total)
    {
        var lastPage = (int)Math.Max(0, (total + size - 1) / size - 1);
        var links = new List<string>();
        if (page < lastPage)
        {
            links.Add(Link(request, page + 1, size, "next"));
        }

        if (page > 0)
        {
            links.Add(Link(request, page - 1, size, "prev"));
        }

        links.Add(Link(request, lastPage, size, "last"));
        links.Add(Link(request, 0, size, "first"));
        return string.Join(",", links);
    }

    private static string Link(HttpRequest request, int page, int size, string relation)
    {
        var query = new QueryBuilder { { "page", page.ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "size", size.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        foreach (var (key, values) in request.Query)
        {
            if (!key.Equals("page", StringComparison.OrdinalIgnoreCase) && !key.Equals("size", StringComparison.OrdinalIgnoreCase))
            {
                query.Add(key, values.ToArray()!);
            }
        }

        return $"<{request.PathBase}{request.Path}{query}>; rel=\"{relation}\"";
    }
}
