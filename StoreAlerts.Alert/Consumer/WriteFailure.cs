using Npgsql;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Tells a failure worth retrying (the database is away, busy or shutting down) from a data error that no retry will
/// fix: PostgreSQL's SQLSTATE class 22 (data exception: a NUL in text, a value out of range) and class 23 (integrity
/// constraint violation) other than the event id conflict, which the insert already turns into a no-op (ADR-003).
/// </summary>
public static class WriteFailure
{
    public const string EventIdIndex = "IX_store_alerts_event_id";

    public static bool IsDataError(Exception error) => error switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e => e.ConstraintName != EventIdIndex,
        PostgresException e => e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal),
        // Npgsql refuses a few values before they reach the server (a string it cannot encode, say).
        ArgumentException or InvalidCastException or FormatException => true,
        _ => false,
    };

    public static string Describe(Exception error) => error switch
    {
        PostgresException e => $"PostgreSQL {e.SqlState}: {e.MessageText}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
