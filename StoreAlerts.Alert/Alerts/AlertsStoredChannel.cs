using Npgsql;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// The hand-over from whoever stores alerts to everyone who reacts to them, in every replica: the storing transaction
/// calls <c>pg_notify</c> with the new row ids, PostgreSQL delivers it to each listening connection only after the commit
/// (and never for a rolled-back batch), and <see cref="AlertsStoredListener"/> feeds the live stream and wakes the dispatcher.
/// </summary>
public static class AlertsStoredChannel
{
    public const string Name = "store_alerts_stored";

    // A NOTIFY payload must stay under 8000 bytes: 400 ids of up to 19 digits each fit.
    private const int IdsPerNotification = 400;

    public static async Task AnnounceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(IdsPerNotification))
        {
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @ids)", connection, transaction);
            command.Parameters.AddWithValue("channel", Name);
            command.Parameters.AddWithValue("ids", string.Join(',', chunk));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static IReadOnlyList<long> ParseIds(string payload) =>
        payload.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
}
