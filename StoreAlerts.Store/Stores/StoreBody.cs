using System.Text.Json;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// A request body as a JSON object, read by hand so that every bad member is reported by name
/// (model binding would stop at the first one with a generic message).
/// </summary>
public sealed class StoreBody
{
    private readonly Dictionary<string, JsonElement> _members;

    private StoreBody(Dictionary<string, JsonElement> members) => _members = members;

    public static async Task<(StoreBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadBody("The request body must be a JSON object."));
            }

            var members = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                members[property.Name] = property.Value.Clone();
            }

            return (new StoreBody(members), null);
        }
        catch (JsonException e)
        {
            return (null, BadBody($"The request body is not valid JSON: {e.Message}"));
        }
    }

    public bool Has(string member) => _members.ContainsKey(member);

    /// <summary>The member's value; absent and JSON null both read as null.</summary>
    public JsonElement? Get(string member) =>
        _members.TryGetValue(member, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static IResult BadBody(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request body");
}
