using LiteDB;
using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Persistence;

public sealed class LiteDbStoreRepositoryTests : StoreRepositoryContract, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"storealerts-repo-{Guid.NewGuid():N}.db");
    private LiteDbStoreRepository? _repository;

    protected override Task<IStoreRepository> CreateRepositoryAsync(int maxPendingEventsPerStore = PendingEventsLimitException.DefaultLimit) =>
        Task.FromResult<IStoreRepository>(_repository = new LiteDbStoreRepository(ConnectionString, maxPendingEventsPerStore));

    protected override Task InsertWithEmptyPendingEventsArrayAsync(StoreDocument store)
    {
        // The repository holds the file exclusively: close it, as a crash would, before writing beside it.
        _repository?.Dispose();
        using var database = new LiteDatabase(ConnectionString);
        database.GetCollection("stores").Insert(new BsonDocument
        {
            ["_id"] = store.Id,
            ["name"] = store.Name,
            ["address"] = store.Address,
            ["createTimestamp"] = store.CreateTimestamp,
            ["version"] = store.Version,
            ["pendingEvents"] = new BsonArray(),
        });
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("shared")]
    [InlineData("direct")]
    public void A_second_repository_on_the_same_file_is_refused_whatever_the_connection_mode(string mode)
    {
        using var first = new LiteDbStoreRepository($"Filename={_file};Connection={mode}");

        var refused = Assert.Throws<InvalidOperationException>(() => new LiteDbStoreRepository($"Filename={_file};Connection={mode}"));

        Assert.Contains("already open in another Store process", refused.Message);
    }

    [Fact]
    public void Another_process_cannot_open_the_file_while_a_store_has_it()
    {
        using var first = new LiteDbStoreRepository($"Filename={_file};Connection=shared");

        // The lock is the operating system's, so it holds across processes, not only inside this one.
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--nonblock", _file + ".lock", "true"])
        {
            RedirectStandardError = true,
        })!;
        other.WaitForExit(TimeSpan.FromSeconds(10));

        Assert.Equal(1, other.ExitCode);
    }

    [Fact]
    public void The_file_opens_again_once_the_first_repository_is_disposed()
    {
        new LiteDbStoreRepository($"Filename={_file};Connection=shared").Dispose();

        using var again = new LiteDbStoreRepository($"Filename={_file};Connection=shared");
    }

    [Fact]
    public async Task The_total_is_counted_again_when_the_file_is_reopened()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var first = new LiteDbStoreRepository(ConnectionString))
        {
            foreach (var name in new[] { "Zara", "Mango", "Bershka" })
            {
                await first.InsertAsync(new StoreDocument { Id = MongoDB.Bson.ObjectId.GenerateNewId().ToString(), Name = name, Address = "Gran Via 32", Version = 1 }, ct);
            }

            var mango = (await first.ListAsync(new StoreQuery(0, 10, NameContains: "mango"), ct)).Items.Single();
            Assert.True(await first.TryDeleteAsync(mango.Id, 1, DateTime.UtcNow, ct));
        }

        using var again = new LiteDbStoreRepository(ConnectionString);

        Assert.Equal(2, (await again.ListAsync(new StoreQuery(0, 1), ct)).Total);
    }

    [Fact]
    public void A_file_created_with_a_case_sensitive_collation_is_refused_naming_it()
    {
        new LiteDatabase($"Filename={_file};Collation=en-US/None").Dispose();

        var refused = Assert.Throws<InvalidOperationException>(() => new LiteDbStoreRepository(ConnectionString));

        Assert.Contains("case-sensitive collation 'en-US/None'", refused.Message);
        using var released = new FileStream(_file + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    public void Dispose()
    {
        _repository?.Dispose();
        File.Delete(_file);
        File.Delete(_file + ".lock");
    }

    private string ConnectionString => $"Filename={_file};Connection=shared";
}
