using System.Diagnostics;
using StoreAlerts.ServiceDefaults.Background;
using StoreAlerts.Store.Outbox;

namespace StoreAlerts.Store.Stores;

public sealed record StoreFields(string Name, string Address, StoreStatus? Status);

public enum WriteStatus { Done, NotFound, PreconditionFailed, Conflict }

public readonly record struct WriteOutcome(WriteStatus Status, StoreDocument? Store = null);

/// <summary>
/// Creates, updates and deletes stores. Every write is a compare-and-swap on the version; an update
/// also appends its store-alert event to the document and wakes the outbox relay; one that changes no field writes nothing.
/// </summary>
public sealed class StoreWrites(IStoreRepository stores, TimeProvider time, WakeUpSignal outbox)
{
    // Without a precondition a lost race is retried on the fresh state (last writer wins); this bounds a pathological contention.
    private const int MaxAttempts = 10;

    /// <param name="user">The signed-in user's name (<c>createdBy</c>), or null.</param>
    public async Task<StoreDocument> CreateAsync(StoreFields fields, string? user, CancellationToken cancellationToken)
    {
        var store = new StoreDocument
        {
            Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
            Name = fields.Name,
            Address = fields.Address,
            Status = fields.Status,
            CreateTimestamp = Now(),
            CreatedBy = user,
            Version = 1,
        };
        await stores.InsertAsync(store, cancellationToken);
        return store;
    }

    /// <param name="user">The signed-in user's name (<c>lastModifiedBy</c> and the event's <c>changedBy</c>), or null.</param>
    public Task<WriteOutcome> UpdateAsync(string id, Precondition precondition, Func<StoreDocument, StoreFields> change, string? user,
        CancellationToken cancellationToken) =>
        CompareAndSwapAsync(id, precondition, async current =>
        {
            var fields = change(current);
            // An update that changes nothing changes nothing: same version, no event, no email downstream.
            if (fields == new StoreFields(current.Name, current.Address, current.Status))
            {
                return (true, current);
            }

            var updated = new StoreDocument
            {
                Id = current.Id,
                Name = fields.Name,
                Address = fields.Address,
                Status = fields.Status,
                CreateTimestamp = current.CreateTimestamp,
                CreatedBy = current.CreatedBy,
                UpdateTimestamp = Now(),
                LastModifiedBy = user,
                Version = current.Version + 1,
            };
            var pendingEvent = StoreAlertEvent.ForUpdate(Guid.CreateVersion7(), updated, current.Status).ToPendingEvent(Activity.Current);
            if (!await stores.TryUpdateAsync(updated, pendingEvent, cancellationToken))
            {
                return (false, null);
            }

            outbox.Notify();
            return (true, updated);
        }, cancellationToken);

    public Task<WriteOutcome> DeleteAsync(string id, Precondition precondition, CancellationToken cancellationToken) =>
        CompareAndSwapAsync(id, precondition,
            async current => (await stores.TryDeleteAsync(id, current.Version, Now(), cancellationToken), null),
            cancellationToken);

    /// <summary>Reads the store, checks the precondition, and tries <paramref name="write"/> against the version it read.</summary>
    private async Task<WriteOutcome> CompareAndSwapAsync(string id, Precondition precondition,
        Func<StoreDocument, Task<(bool Written, StoreDocument? Result)>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await stores.FindAsync(id, cancellationToken);
            if (current is null)
            {
                return new(WriteStatus.NotFound);
            }

            if (!precondition.IsMetBy(current))
            {
                return new(WriteStatus.PreconditionFailed, current);
            }

            var (written, result) = await write(current);
            if (written)
            {
                return new(WriteStatus.Done, result);
            }

            if (precondition.IsConditional)
            {
                return new(WriteStatus.PreconditionFailed, await stores.FindAsync(id, cancellationToken));
            }
        }

        return new(WriteStatus.Conflict);
    }

    // Both databases keep milliseconds; cutting here makes the response equal what a later read returns.
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
