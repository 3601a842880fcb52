namespace StoreAlerts.Store.Stores;

/// <summary>
/// <c>GET /api/stores?page=0&amp;size=20&amp;sort=name,asc&amp;name=za&amp;status=OPEN</c>: one page as a JSON array,
/// the total in <c>X-Total-Count</c> and first/prev/next/last in <c>Link</c>, as JHipster does.
/// </summary>
public static class ListStores
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    private static readonly Dictionary<string, StoreSortField> SortFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = StoreSortField.Id,
        ["name"] = StoreSortField.Name,
        ["address"] = StoreSortField.Address,
        ["status"] = StoreSortField.Status,
        ["createTimestamp"] = StoreSortField.CreateTimestamp,
        ["updateTimestamp"] = StoreSortField.UpdateTimestamp,
    };

    /// <remarks>The query parameters are bound as text and validated here, so that a bad one is named in the problem.</remarks>
    public static async Task<IResult> HandleAsync(HttpRequest request, IStoreRepository stores, CancellationToken cancellationToken,
        string? page = null, string? size = null, string? sort = null, string? name = null, string? status = null)
    {
        var validation = new StoreValidation();
        var query = ReadQuery(page, size, sort, name, status, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var result = await stores.ListAsync(query, cancellationToken);
        request.HttpContext.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers.Link = PageLinks.For(request, query.Page, query.Size, result.Total);
        return TypedResults.Ok(result.Items.Select(StoreResponse.From).ToArray());
    }

    private static StoreQuery ReadQuery(string? pageText, string? sizeText, string? sortText, string? name, string? statusText, StoreValidation validation)
    {
        var size = ReadInt("size", sizeText, DefaultSize, 1, MaxSize, validation);
        var page = ReadInt("page", pageText, 0, 0, int.MaxValue, validation);
        // The offset page × size must fit the databases' 32-bit skip; a page beyond it could hold nothing anyway.
        if ((long)page * size > int.MaxValue)
        {
            validation.Add("page", $"page × size must be at most {int.MaxValue}.");
            page = 0;
        }

        var (sort, descending) = ReadSort(sortText, validation);
        var status = validation.Status(string.IsNullOrEmpty(statusText) ? null : statusText);
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (name?.Length > StoreValidation.NameMaxLength)
        {
            validation.Add("name", $"Must be at most {StoreValidation.NameMaxLength} characters.");
        }

        return new StoreQuery(page, size, sort, descending, name, status);
    }

    private static int ReadInt(string name, string? text, int defaultValue, int min, int max, StoreValidation validation)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        validation.Add(name, $"Must be a whole number from {min} to {max}.");
        return defaultValue;
    }

    private static (StoreSortField Field, bool Descending) ReadSort(string? sort, StoreValidation validation)
    {
        if (string.IsNullOrEmpty(sort))
        {
            return (StoreSortField.Id, false);
        }

        var parts = sort.Split(',', StringSplitOptions.TrimEntries);
        var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
        if (parts.Length > 2 || !SortFields.TryGetValue(parts[0], out var field) || direction is not ("asc" or "desc"))
        {
            validation.Add("sort", $"Must be 'property,asc' or 'property,desc' with property one of {string.Join(", ", SortFields.Keys)}.");
            return (StoreSortField.Id, false);
        }

        return (field, direction == "desc");
    }
}
