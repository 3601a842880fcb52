using StoreAlerts.Store.Persistence;
using StoreAlerts.Store.Stores;

namespace StoreAlerts.Store.Tests.Repository;

public sealed class LiteDbStoreRepositoryTests : StoreRepositoryContract, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"storealerts-repo-{Guid.NewGuid():N}.db");
    private LiteDbStoreRepository? _repository;

    protected override Task<IStoreRepository> CreateRepositoryAsync() =>
        Task.FromResult<IStoreRepository>(_repository = new LiteDbStoreRepository($"Filename={_file};Connection=shared"));

    public void Dispose()
    {
        _repository?.Dispose();
        File.Delete(_file);
    }
}
