using System.Text.RegularExpressions;

namespace StoreAlerts.Alert.Alerts;

/// <summary>What a valid alert holds; shared by the event reader and the API's filters.</summary>
public static partial class StoreAlertRules
{
    public const int MaxNameLength = 200;
    public const int MaxAddressLength = 500;
    public const int MaxChangedByLength = 256;
    public static readonly string[] Statuses = ["OPEN", "CLOSED"];

    public static bool IsStatus(string? value) => value is not null && Statuses.Contains(value);

    /// <summary>
    /// No text of an alert holds a control character: PostgreSQL refuses NUL in text and a mail header cannot hold a line
    /// break, and the Store refuses them too.
    /// </summary>
    public static bool HasControlCharacter(string? text) => text is not null && text.Any(char.IsControl);

    public static string NoControlCharacters(string field) => $"{field} must not contain control characters.";

    // Ids end up in Message-Id and X- headers, so only header-safe characters are accepted.
    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    public static partial Regex EventIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex StoreIdPattern();
}
