using Confluent.Kafka;

namespace StoreAlerts.Alert.Consumer;

/// <summary>
/// Stores a batch; when PostgreSQL refuses it for a data error, halves it until the refused records are alone, stores
/// everything else and returns those records as dead letters with PostgreSQL's reason (ADR-003). A retryable failure is
/// thrown as it is, for the consumer to hold the batch and retry. Each half is its own transaction, and the insert
/// ignores rows already stored, so a retry after a partial success stores nothing twice.
/// </summary>
public sealed class DataErrorIsolation(AlertBatchWriter writer, ILogger<DataErrorIsolation> logger)
{
    public async Task<List<DeadLetter>> StoreAsync(IReadOnlyList<(ConsumeResult<string, string> Record, ValidatedAlert Alert)> items)
    {
        var refused = new List<DeadLetter>();
        await StoreAsync(items, refused);
        return refused;
    }

    private async Task StoreAsync(IReadOnlyList<(ConsumeResult<string, string> Record, ValidatedAlert Alert)> items, List<DeadLetter> refused)
    {
        if (items.Count == 0)
        {
            return;
        }

        try
        {
            // Not cancelled by shutdown: a started write is finished.
            await writer.WriteAsync(items.Select(i => i.Alert).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (WriteFailure.IsDataError(e))
        {
            if (items.Count == 1)
            {
                refused.Add(new DeadLetter(items[0].Record, "value", $"Refused by the database: {WriteFailure.Describe(e)}"));
                return;
            }

            logger.LogInformation("A batch of {Count} alerts was refused ({Reason}); splitting it to find the record", items.Count, WriteFailure.Describe(e));
            var half = items.Count / 2;
            await StoreAsync(items.Take(half).ToList(), refused);
            await StoreAsync(items.Skip(half).ToList(), refused);
        }
    }
}
