using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// A request body as a JSON object, read by hand so that every bad member is reported by name
/// (model binding would stop at the first one with a generic message). The body is read only up to
/// <see cref="StoreApiOptions.MaxRequestBodySize"/> bytes; a larger one is a 413 before anything is parsed.
/// </summary>
public sealed class StoreBody
{
    // A store is a flat object; nothing legitimate comes near this depth, and a hostile one stops here cheaply.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    private readonly Dictionary<string, JsonElement> _members;

    private StoreBody(Dictionary<string, JsonElement> members) => _members = members;

    public static async Task<(StoreBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<StoreApiOptions>>().Value.MaxRequestBodySize;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        var bytes = await ReadUpToAsync(request.Body, limit, cancellationToken);
        if (bytes is null)
        {
            return (null, TooLarge(limit));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, BadBody("The request body must be a JSON object."));
            }

            var members = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = TextOf(property);
                if (name is null || !IsValidText(property.Value))
                {
                    return (null, BadText(name));
                }

                // Two spellings of one member ("name" and "Name") would let the last one win unseen.
                if (!members.TryAdd(name, property.Value.Clone()))
                {
                    return (null, BadBody($"The member '{name}' appears more than once."));
                }
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

    /// <summary>The body's bytes, or null when there are more than <paramref name="limit"/> (the rest is left unread).</summary>
    private static async Task<byte[]?> ReadUpToAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    // Bytes that are not UTF-8, or escapes that spell UTF-16 that is not text (a lone surrogate "\ud800"), parse as
    // JSON but cannot become a string: every string (names included) is tried once here, where it can be named.
    private static string? TextOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsValidText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = value.GetString();
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }

            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (TextOf(property) is null || !IsValidText(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                return value.EnumerateArray().All(IsValidText);
            default:
                return true;
        }
    }

    private static IResult BadText(string? member) => member is null
        ? BadBody("A member name of the request body is not valid Unicode text (a lone surrogate?).")
        : TypedResults.ValidationProblem(new Dictionary<string, string[]> { [member] = ["Must be valid Unicode text."] },
            title: "Malformed request body");

    private static IResult BadBody(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request body");

    private static IResult TooLarge(long limit) =>
        TypedResults.Problem($"The request body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large");
}
