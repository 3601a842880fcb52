using StoreAlerts.Store.Outbox;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Repository;

/// <summary>What every <see cref="IStoreRepository"/> must do; run once per implementation.</summary>
public abstract class StoreRepositoryContract
{
    private static readonly DateTime T0 = new(2026, 11, 26, 21, 0, 0, 123, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A repository over an empty database of its own (or a skip when the database is unavailable).</summary>
    protected abstract Task<IStoreRepository> CreateRepositoryAsync();

    [Fact]
    public async Task Inserted_store_is_found_with_every_field_intact()
    {
        var repository = await CreateRepositoryAsync();
        var store = NewStore("Zara", StoreStatus.OPEN);

        await repository.InsertAsync(store, Ct);
        var found = await repository.FindAsync(store.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal((store.Id, store.Name, store.Address, store.Status, store.Version), (found.Id, found.Name, found.Address, found.Status, found.Version));
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
        Assert.Equal(T0.AddMinutes(1), found.UpdateTimestamp);
        var pending = Assert.Single(found.PendingEvents);
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
        Assert.Equal([Event(2).EventId, Event(3).EventId, Event(4).EventId], batch.PendingEvents.Select(e => e.EventId));

        Assert.True(await repository.TryUpdateAsync(Updated(store, "Mango 5", 5), Event(5), Ct));
        await repository.RemovePendingEventsAsync(store.Id, [Event(2).EventId, Event(3).EventId], Ct);

        var left = (await repository.FindAsync(store.Id, Ct))!.PendingEvents.Select(e => e.EventId);
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

        Assert.Equal([busy.Id], (await repository.FindWithPendingEventsAsync(10, Ct)).Select(s => s.Id));

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
        Assert.Equal([Event(1).EventId], (await repository.FindWithPendingEventsAsync(10, Ct)).Single().PendingEvents.Select(e => e.EventId));
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

    private static StoreDocument NewStore(string name, StoreStatus? status = null) => new()
    {
        Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(),
        Name = name,
        Address = "Gran Via 32",
        Status = status,
        CreateTimestamp = T0,
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
