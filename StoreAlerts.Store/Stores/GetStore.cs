namespace StoreAlerts.Store.Stores;

public static class GetStore
{
    public static async Task<IResult> HandleAsync(string id, HttpResponse response, IStoreRepository stores, CancellationToken cancellationToken) =>
        await stores.FindAsync(id, cancellationToken) is { } store ? StoreResults.Ok(response, store) : StoreResults.NotFound(id);
}
