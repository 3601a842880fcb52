using System.Text.Json;

namespace StoreAlerts.Store.Stores;

/// <summary>The rules for each store field; errors are collected per camelCase field name.</summary>
public sealed class StoreValidation
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 500;

    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public IResult ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    /// <summary>Name, address and status of a full body (POST, PUT).</summary>
    public StoreFields Fields(StoreBody body) => new(Name(body.Get("name")), Address(body.Get("address")), Status(body.Get("status")));

    public string Name(JsonElement? value) => RequiredText("name", value, NameMaxLength);

    public string Address(JsonElement? value) => RequiredText("address", value, AddressMaxLength);

    public StoreStatus? Status(JsonElement? value) =>
        value is null ? null : Status(value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : "");

    /// <summary>OPEN or CLOSED, exactly; null (absent) is allowed, anything else is an error on <c>status</c>.</summary>
    public StoreStatus? Status(string? value)
    {
        switch (value)
        {
            case null: return null;
            case "OPEN": return StoreStatus.OPEN;
            case "CLOSED": return StoreStatus.CLOSED;
        }

        Add("status", "Must be OPEN, CLOSED or null.");
        return null;
    }

    /// <summary>
    /// <c>createdBy</c> and <c>lastModifiedBy</c> come from the signed-in user, never from a body: a value there is an
    /// error (null is as good as absent, so a client may send back what it read from a store created without a user).
    /// </summary>
    public void ServerSetAuthors(StoreBody body)
    {
        foreach (var field in (string[])["createdBy", "lastModifiedBy"])
        {
            if (body.Get(field) is not null)
            {
                Add(field, "Is set by the server from the signed-in user; leave it out.");
            }
        }
    }

    /// <summary>An expected version sent in the body, an alternative to <c>If-Match</c> for clients that send the whole store back.</summary>
    public long? Version(JsonElement? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out var version) && version > 0)
        {
            return version;
        }

        Add("version", "Must be a positive integer (the version this change is based on).");
        return null;
    }

    private string RequiredText(string field, JsonElement? value, int maxLength)
    {
        if (value is null)
        {
            Add(field, "Is required.");
            return "";
        }

        if (value.Value.ValueKind != JsonValueKind.String)
        {
            Add(field, "Must be a string.");
            return "";
        }

        var text = value.Value.GetString()!.Trim();
        if (text.Length == 0)
        {
            Add(field, "Is required.");
        }
        else if (text.Length > maxLength)
        {
            Add(field, $"Must be at most {maxLength} characters.");
        }
        else if (text.Any(char.IsControl))
        {
            Add(field, "Must not contain control characters.");
        }

        return text;
    }
}
