using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Persistence;

/// <summary>What every <see cref="IStoreRepository"/> must do; run once per implementation.</summary>
public abstract class StoreRepositoryContract
{
    private static readonly DateTime T0 = new(2026, 11, 26, 21, 0, 0, 123, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A repository over an empty database of its own (or a skip when the database is unavailable).</summary>
    protected abstract Task<IStoreRepository> CreateRepositoryAsync(int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit);

    /// <summary>
    /// Writes a store as raw BSON with <c>pendingEvents: []</c>, the state an older version could leave after a crash.
    /// It may close the repository first (LiteDB is opened exclusively); the test then opens a new one.
    /// </summary>
    protected abstract Task InsertWithEmptyPendingEventsArrayAsync(StoreDocument store);

    [Fact]
    public async Task Inserted_store_is_found_with_every_field_intact()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Zara", StoreStatus.OPEN);

        await repository.InsertAsync(store, Ct);
        var found = await repository.FindAsync(store.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal((store.Id, store.Name, store.Address, store.Status, store.Version), (found.Id, found.Name, found.Address, found.Status, found.Version));
        Assert.Equal(("ana", (string?)null), (found.CreatedBy, found.LastModifiedBy));
        Assert.Equal(T0, found.CreateTimestamp);
        Assert.Equal(DateTimeKind.Utc, found.CreateTimestamp.Kind);
        Assert.Null(found.UpdateTimestamp);
        Assert.Empty(found.PendingEvents);
    }

    [Theory]
    [InlineData("6650a1b2c3d4e5f601234567")]
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task Unknown_or_malformed_ids_are_not_found(string id)
    {
        var repository = await CreateRepositoryAsync();

        Assert.Null(await repository.FindAsync(id, Ct));
        Assert.False(await repository.TryDeleteAsync(id, 1, T0, Ct));
    }

    [Fact]
    public async Task Ids_match_exactly_so_the_uppercase_spelling_is_not_found()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Zara", StoreStatus.OPEN);
        await repository.InsertAsync(store, Ct);
        var upper = store.Id.ToUpperInvariant();

        Assert.Null(await repository.FindAsync(upper, Ct));
        Assert.False(await repository.TryDeleteAsync(upper, store.Version, T0, Ct));
        Assert.NotNull(await repository.FindAsync(store.Id, Ct));
    }

    [Fact]
    public async Task Update_applies_only_on_the_expected_version_and_appends_its_event()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Zara", StoreStatus.OPEN);
        await repository.InsertAsync(store, Ct);

        var first = Updated(store, "Zara 2", version: 2);
        var second = Updated(store, "Zara stale", version: 2);
        Assert.True(await repository.TryUpdateAsync(first, Event(1), Ct));
        Assert.False(await repository.TryUpdateAsync(second, Event(2), Ct));

        var found = (await repository.FindAsync(store.Id, Ct))!;
        Assert.Equal(("Zara 2", 2L, StoreStatus.CLOSED), (found.Name, found.Version, found.Status));
        Assert.Equal(("ana", "admin"), (found.CreatedBy, found.LastModifiedBy));
        Assert.Equal(T0.AddMinutes(1), found.UpdateTimestamp);
        var pending = Assert.Single(Assert.Single(await repository.FindWithPendingEventsAsync(10, Ct)).Events);
        Assert.Equal((Event(1).EventId, Event(1).Payload, Event(1).TraceParent), (pending.EventId, pending.Payload, pending.TraceParent));
    }

    [Fact]
    public async Task Pending_events_keep_write_order_and_removal_leaves_newer_ones()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Mango");
        await repository.InsertAsync(store, Ct);
        for (var v = 2; v <= 4; v++)
        {
            Assert.True(await repository.TryUpdateAsync(Updated(store, $"Mango {v}", v), Event(v), Ct));
        }

        var batch = Assert.Single(await repository.FindWithPendingEventsAsync(10, Ct));
        Assert.Equal([Event(2).EventId, Event(3).EventId, Event(4).EventId], batch.Events.Select(e => e.EventId));

        Assert.True(await repository.TryUpdateAsync(Updated(store, "Mango 5", 5), Event(5), Ct));
        await repository.RemovePendingEventsAsync(store.Id, [Event(2).EventId, Event(3).EventId], Ct);

        var left = Assert.Single(await repository.FindWithPendingEventsAsync(10, Ct)).Events.Select(e => e.EventId);
        Assert.Equal([Event(4).EventId, Event(5).EventId], left);
        Assert.Equal("Mango 5", (await repository.FindAsync(store.Id, Ct))!.Name);
    }

    [Fact]
    public async Task Only_stores_with_pending_events_are_handed_to_the_relay()
    {
        var repository = await CreateRepositoryAsync();
        var quiet = NewStore("Quiet");
        var busy = NewStore("Busy");
        await repository.InsertAsync(quiet, Ct);
        await repository.InsertAsync(busy, Ct);
        await repository.TryUpdateAsync(Updated(busy, "Busy", 2), Event(1), Ct);

        Assert.Equal([busy.Id], (await repository.FindWithPendingEventsAsync(10, Ct)).Select(s => s.StoreId));

        await repository.RemovePendingEventsAsync(busy.Id, [Event(1).EventId], Ct);
        Assert.Empty(await repository.FindWithPendingEventsAsync(10, Ct));
        Assert.Empty((await repository.FindAsync(busy.Id, Ct))!.PendingEvents);
    }

    [Fact]
    public async Task Delete_needs_the_current_version_and_hides_the_store()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Doomed");
        await repository.InsertAsync(store, Ct);

        Assert.False(await repository.TryDeleteAsync(store.Id, 7, T0, Ct));
        Assert.NotNull(await repository.FindAsync(store.Id, Ct));
        Assert.True(await repository.TryDeleteAsync(store.Id, 1, T0, Ct));

        Assert.Null(await repository.FindAsync(store.Id, Ct));
        Assert.Equal(0, (await repository.ListAsync(new StoreQuery(0, 10), Ct)).Total);
        Assert.Empty(await repository.FindWithPendingEventsAsync(10, Ct));
    }

    [Fact]
    public async Task Deleted_store_keeps_its_pending_events_until_published_then_goes()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Closing");
        await repository.InsertAsync(store, Ct);
        await repository.TryUpdateAsync(Updated(store, "Closing", 2), Event(1), Ct);

        Assert.True(await repository.TryDeleteAsync(store.Id, 2, T0, Ct));

        Assert.Null(await repository.FindAsync(store.Id, Ct));
        Assert.Equal(0, (await repository.ListAsync(new StoreQuery(0, 10), Ct)).Total);
        Assert.Equal([Event(1).EventId], (await repository.FindWithPendingEventsAsync(10, Ct)).Single().Events.Select(e => e.EventId));
        Assert.False(await repository.TryUpdateAsync(Updated(store, "Zombie", 3), Event(2), Ct));

        await repository.RemovePendingEventsAsync(store.Id, [Event(1).EventId], Ct);
        Assert.Empty(await repository.FindWithPendingEventsAsync(10, Ct));
    }

    [Fact]
    public async Task List_filters_by_name_case_insensitively_and_by_status_and_pages_stably()
    {
        var repository = await CreateRepositoryAsync();
        string[] names = ["zara", "Zara Home", "Mango", "ZARA kids", "Bazar", "Zara"];
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await repository.InsertAsync(NewStore(name, i % 2 == 0 ? StoreStatus.OPEN : null), Ct);
        }

        var zar = await repository.ListAsync(new StoreQuery(0, 10, StoreSortField.Name, NameContains: "ZAR"), Ct);
        var open = await repository.ListAsync(new StoreQuery(0, 10, StoreSortField.Name, Descending: true, Status: StoreStatus.OPEN), Ct);
        var pages = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            pages.AddRange((await repository.ListAsync(new StoreQuery(page, 2, StoreSortField.Name, NameContains: "zar"), Ct)).Items.Select(s => s.Id));
        }

        Assert.Equal(5, zar.Total);
        Assert.Equal("Bazar", zar.Items[0].Name);
        Assert.Equal(["Zara", "zara"], zar.Items.Skip(1).Take(2).Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Zara Home", "ZARA kids"], zar.Items.Skip(3).Select(s => s.Name));
        Assert.Equal(["zara", "Mango", "Bazar"], open.Items.Select(s => s.Name));
        Assert.Equal(zar.Items.Select(s => s.Id), pages);
    }

    [Fact]
    public async Task List_total_counts_live_stores_through_inserts_deletes_and_hidden_deletes()
    {
        var repository = await CreateRepositoryAsync();
        var stores = new[] { NewStore("Zara", StoreStatus.OPEN), NewStore("Mango"), NewStore("Bershka", StoreStatus.OPEN) };
        foreach (var store in stores)
        {
            await repository.InsertAsync(store, Ct);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => repository.InsertAsync(NewStore("Twin", null, stores[0].Id), Ct));
        Assert.True(await repository.TryUpdateAsync(Updated(stores[1], "Mango 2", 2), Event(1), Ct));
        Assert.False(await repository.TryDeleteAsync(stores[0].Id, 7, T0, Ct));
        Assert.Equal(3, (await repository.ListAsync(new StoreQuery(0, 1), Ct)).Total);

        Assert.True(await repository.TryDeleteAsync(stores[0].Id, 1, T0, Ct));
        Assert.True(await repository.TryDeleteAsync(stores[1].Id, 2, T0, Ct));
        Assert.False(await repository.TryDeleteAsync(stores[1].Id, 2, T0, Ct));
        await repository.RemovePendingEventsAsync(stores[1].Id, [Event(1).EventId], Ct);

        Assert.Equal(1, (await repository.ListAsync(new StoreQuery(0, 1), Ct)).Total);
        Assert.Equal(1, (await repository.ListAsync(new StoreQuery(0, 1, Status: StoreStatus.OPEN), Ct)).Total);
        Assert.Equal(0, (await repository.ListAsync(new StoreQuery(0, 1, NameContains: "zara"), Ct)).Total);
    }

    [Fact]
    public async Task List_sorts_by_name_and_address_ignoring_case_in_both_directions_and_pages_through_ties()
    {
        var repository = await CreateRepositoryAsync();
        string[] names = ["b", "A", "c", "a", "B", "C", "a"];
        foreach (var name in names)
        {
            var store = NewStore(name);
            store.Address = name.ToUpperInvariant() == name ? name.ToLowerInvariant() : name.ToUpperInvariant();
            await repository.InsertAsync(store, Ct);
        }

        foreach (var (sort, read) in new (StoreSortField, Func<StoreDocument, string>)[] { (StoreSortField.Name, s => s.Name), (StoreSortField.Address, s => s.Address) })
        {
            foreach (var descending in new[] { false, true })
            {
                var whole = (await repository.ListAsync(new StoreQuery(0, 10, sort, descending), Ct)).Items;
                var paged = new List<StoreDocument>();
                for (var page = 0; page < 4; page++)
                {
                    paged.AddRange((await repository.ListAsync(new StoreQuery(page, 2, sort, descending), Ct)).Items);
                }

                Assert.Equal(descending ? "CCBBAAA" : "AAABBCC", string.Concat(whole.Select(s => read(s).ToUpperInvariant())));
                Assert.Equal(whole.Select(s => s.Id), paged.Select(s => s.Id));
            }
        }
    }

    [Fact]
    public async Task List_takes_special_characters_in_the_name_filter_literally()
    {
        var repository = await CreateRepositoryAsync();
        await repository.InsertAsync(NewStore("A.B (1)"), Ct);
        await repository.InsertAsync(NewStore("AxB (1)"), Ct);
        await repository.InsertAsync(NewStore("50% off"), Ct);

        Assert.Equal(1, (await repository.ListAsync(new StoreQuery(0, 10, NameContains: "a.b (1"), Ct)).Total);
        Assert.Equal(1, (await repository.ListAsync(new StoreQuery(0, 10, NameContains: "0%"), Ct)).Total);
    }

    [Fact]
    public async Task List_sorts_by_timestamps_and_status_in_both_directions()
    {
        var repository = await CreateRepositoryAsync();
        var early = NewStore("early", StoreStatus.OPEN);
        var late = NewStore("late", StoreStatus.CLOSED);
        late.CreateTimestamp = T0.AddHours(1);
        await repository.InsertAsync(late, Ct);
        await repository.InsertAsync(early, Ct);

        var ascending = await repository.ListAsync(new StoreQuery(0, 10, StoreSortField.CreateTimestamp), Ct);
        var descending = await repository.ListAsync(new StoreQuery(0, 10, StoreSortField.CreateTimestamp, Descending: true), Ct);
        var byStatus = await repository.ListAsync(new StoreQuery(0, 10, StoreSortField.Status), Ct);

        Assert.Equal(["early", "late"], ascending.Items.Select(s => s.Name));
        Assert.Equal(["late", "early"], descending.Items.Select(s => s.Name));
        Assert.Equal(["late", "early"], byStatus.Items.Select(s => s.Name));
    }

    [Fact]
    public async Task Reads_for_the_api_do_not_carry_pending_events()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Zara");
        await repository.InsertAsync(store, Ct);
        Assert.True(await repository.TryUpdateAsync(Updated(store, "Zara", 2), Event(1), Ct));

        Assert.Empty((await repository.FindAsync(store.Id, Ct))!.PendingEvents);
        Assert.Empty(Assert.Single((await repository.ListAsync(new StoreQuery(0, 10), Ct)).Items).PendingEvents);
        Assert.Single(Assert.Single(await repository.FindWithPendingEventsAsync(10, Ct)).Events);
    }

    [Fact]
    public async Task An_update_beyond_the_pending_event_limit_is_refused_naming_the_store_and_changes_nothing()
    {
        var repository = await CreateRepositoryAsync(maxPendingEventsPerStore: 2);
        var store = NewStore("Zara");
        await repository.InsertAsync(store, Ct);
        Assert.True(await repository.TryUpdateAsync(Updated(store, "Zara 2", 2), Event(1), Ct));
        Assert.True(await repository.TryUpdateAsync(Updated(store, "Zara 3", 3), Event(2), Ct));

        var refused = await Assert.ThrowsAsync<PendingEventsLimitException>(() => repository.TryUpdateAsync(Updated(store, "Zara 4", 4), Event(3), Ct));

        Assert.Equal($"Store {store.Id} already has 2 events waiting to be published to Kafka; it accepts changes again once they are out.", refused.Message);
        Assert.Equal(("Zara 3", 3L), ((await repository.FindAsync(store.Id, Ct))!.Name, (await repository.FindAsync(store.Id, Ct))!.Version));
        Assert.Equal([Event(1).EventId, Event(2).EventId], Assert.Single(await repository.FindWithPendingEventsAsync(10, Ct)).Events.Select(e => e.EventId));
        // A stale version is still just "not written", whatever the outbox holds.
        Assert.False(await repository.TryUpdateAsync(Updated(store, "Stale", 3), Event(4), Ct));

        await repository.RemovePendingEventsAsync(store.Id, [Event(1).EventId], Ct);
        Assert.True(await repository.TryUpdateAsync(Updated(store, "Zara 4", 4), Event(3), Ct));
    }

    [Fact]
    public async Task A_stored_empty_pending_events_array_is_no_work_and_hides_no_waiting_event()
    {
        var repository = await CreateRepositoryAsync();
        var emptied = NewStore("Emptied");
        var waiting = NewStore("Waiting");
        await InsertWithEmptyPendingEventsArrayAsync(emptied);
        repository = await CreateRepositoryAsync(); // a repository opened after the raw write, as after a restart
        await repository.InsertAsync(waiting, Ct);
        Assert.True(await repository.TryUpdateAsync(Updated(waiting, "Waiting", 2), Event(1), Ct));
        var time = new FakeTimeProvider(T0.AddMinutes(3)); // waited 2 min: past MaxPendingAge, short of UnhealthyPendingAge
        var health = new OutboxHealthCheck(repository, time, Options.Create(new OutboxOptions { MaxPendingAge = TimeSpan.FromMinutes(1) }));

        var oldestFirst = await repository.FindWithPendingEventsAsync(1, Ct);
        var report = await health.CheckHealthAsync(new HealthCheckContext { Registration = new("outbox", health, null, null) }, Ct);

        Assert.Equal([waiting.Id], oldestFirst.Select(s => s.StoreId));
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains(Event(1).EventId.ToString(), report.Description);
        Assert.Equal("Emptied", (await repository.FindAsync(emptied.Id, Ct))!.Name);
        Assert.True(await repository.TryDeleteAsync(emptied.Id, 1, T0, Ct));
        Assert.Null(await repository.FindAsync(emptied.Id, Ct));
    }

    private static StoreDocument NewStore(string name, StoreStatus? status = null, string? id = null) => new()
    {
        Id = id ?? MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
        Name = name,
        Address = "Gran Via 32",
        Status = status,
        CreateTimestamp = T0,
        CreatedBy = "ana",
        Version = 1,
    };

    private static StoreDocument Updated(StoreDocument store, string name, long version) => new()
    {
        Id = store.Id,
        Name = name,
        Address = store.Address,
        Status = StoreStatus.CLOSED,
        CreateTimestamp = store.CreateTimestamp,
        UpdateTimestamp = T0.AddMinutes(1),
        LastModifiedBy = "admin",
        Version = version,
    };

    private static PendingEvent Event(int n) => new()
    {
        EventId = new Guid($"00000000-0000-0000-0000-{n:D12}"),
        Payload = $$"""{"n":{{n}}}""",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        OccurredAt = T0.AddMinutes(n),
    };
}
