using System.Globalization;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// <c>?page=0&amp;size=20&amp;sort=occurredAt,desc&amp;storeName=za&amp;status=CLOSED</c>, checked field by field.
/// Paging is the Store's: <c>page</c> ≥ 0, <c>size</c> 1 to 100, and page × size at most <see cref="int.MaxValue"/>.
/// </summary>
public sealed record AlertListQuery(int Page, int Size, string SortField, bool Descending, string? StoreName, string? Status)
{
    public const int MaxSize = 100;
    /// <summary>How many alerts the page skips (validated by <see cref="Parse"/> to fit).</summary>
    public int Offset => Page * Size;

    public static readonly string[] SortFields = ["id", "occurredAt", "receivedAt", "storeName", "storeStatus"];

    public static (AlertListQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var page = ParseInt(query, "page", 0, 0, int.MaxValue, errors);
        var size = ParseInt(query, "size", 20, 1, MaxSize, errors);
        // The offset page × size must fit the database's 32-bit skip; a page beyond it could hold nothing anyway.
        if ((long)page * size > int.MaxValue)
        {
            errors["page"] = [$"page × size must be at most {int.MaxValue}."];
        }

        var sortField = "occurredAt";
        var descending = true;
        if (query["sort"].ToString() is { Length: > 0 } sort)
        {
            var parts = sort.Split(',', StringSplitOptions.TrimEntries);
            var field = SortFields.FirstOrDefault(f => f.Equals(parts[0], StringComparison.OrdinalIgnoreCase));
            var direction = parts.Length > 1 ? parts[1].ToLowerInvariant() : "asc";
            if (field is null || parts.Length > 2 || direction is not ("asc" or "desc"))
            {
                errors["sort"] = [$"sort must be '<field>[,asc|desc]' with field one of {string.Join(", ", SortFields)}."];
            }
            else
            {
                (sortField, descending) = (field, direction == "desc");
            }
        }

        var storeName = query["storeName"].ToString() is { Length: > 0 } name ? name : null;
        if (storeName?.Length > StoreAlertRules.MaxNameLength)
        {
            errors["storeName"] = [$"storeName is longer than {StoreAlertRules.MaxNameLength} characters."];
        }
        else if (StoreAlertRules.HasControlCharacter(storeName))
        {
            // No stored name holds one, and PostgreSQL cannot take a NUL in a query parameter either.
            errors["storeName"] = [StoreAlertRules.NoControlCharacters("storeName")];
        }

        var status = query["status"].ToString() is { Length: > 0 } s ? s : null;
        if (status is not null && !StoreAlertRules.IsStatus(status))
        {
            errors["status"] = ["status must be OPEN or CLOSED."];
        }

        return errors.Count > 0 ? (null, errors) : (new AlertListQuery(page, size, sortField, descending, storeName, status), errors);
    }

    private static int ParseInt(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }
}
