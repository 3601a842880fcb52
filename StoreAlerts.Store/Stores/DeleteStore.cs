namespace StoreAlerts.Store.Stores;

/// <summary><c>DELETE /api/stores/{id}</c>: 204; publishes nothing, as in the original.</summary>
public static class DeleteStore
{
    public static async Task<IResult> HandleAsync(string id, HttpRequest request, StoreWrites writes, CancellationToken cancellationToken)
    {
        var outcome = await writes.DeleteAsync(id, Precondition.From(request.Headers.IfMatch, bodyVersion: null), cancellationToken);
        return StoreResults.Outcome(request.HttpContext.Response, id, outcome);
    }
}
