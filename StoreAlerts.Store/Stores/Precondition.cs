using Microsoft.Extensions.Primitives;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// What the client believes the current version is: from <c>If-Match</c> (strong ETags <c>"3"</c>, or <c>*</c>)
/// or, failing that, from a <c>version</c> in the body. None means last writer wins.
/// </summary>
public sealed class Precondition
{
    private readonly HashSet<long>? _versions;

    private Precondition(HashSet<long>? versions) => _versions = versions;

    public static Precondition None { get; } = new(null);

    /// <summary>Whether a failed compare-and-swap must be reported (412) rather than retried on the fresh version.</summary>
    public bool IsConditional => _versions is not null;

    public static Precondition From(StringValues ifMatch, long? bodyVersion)
    {
        if (!StringValues.IsNullOrEmpty(ifMatch))
        {
            var versions = new HashSet<long>();
            foreach (var tag in ifMatch.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                if (tag == "*")
                {
                    return None;
                }

                // Weak tags never match: If-Match uses strong comparison (RFC 9110 13.1.1); unparseable tags match nothing.
                if (ParseETag(tag) is { } version)
                {
                    versions.Add(version);
                }
            }

            return new Precondition(versions);
        }

        return bodyVersion is { } expected ? new Precondition([expected]) : None;
    }

    /// <summary>
    /// The version of <c>"&lt;version&gt;"</c> exactly as this service writes it: digits, no sign, no spaces, no
    /// leading zero. <c>"01"</c>, <c>" 1"</c> and <c>"+1"</c> are other entity tags, not version 1.
    /// </summary>
    public static long? ParseETag(string tag)
    {
        if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"')
        {
            return null;
        }

        var digits = tag.AsSpan(1, tag.Length - 2);
        return digits[0] != '0'
            && long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    public bool IsMetBy(StoreDocument store) => _versions is null || _versions.Contains(store.Version);

    public static string ETagOf(StoreDocument store) => $"\"{store.Version}\"";
}
