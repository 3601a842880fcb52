namespace StoreAlerts.Store.Stores;

/// <summary>The responses the store endpoints share; every success carries the version as its ETag.</summary>
public static class StoreResults
{
    public static IResult Ok(HttpResponse response, StoreDocument store)
    {
        response.Headers.ETag = Precondition.ETagOf(store);
        return TypedResults.Ok(StoreResponse.From(store));
    }

    public static IResult NotFound(string id) =>
        TypedResults.Problem($"There is no store with id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Store not found");

    public static IResult Outcome(HttpResponse response, string id, WriteOutcome outcome) => outcome.Status switch
    {
        WriteStatus.Done when outcome.Store is { } store => Ok(response, store),
        WriteStatus.Done => TypedResults.NoContent(),
        WriteStatus.NotFound => NotFound(id),
        WriteStatus.PreconditionFailed when outcome.Store is null => NotFound(id),
        WriteStatus.PreconditionFailed => PreconditionFailed(response, outcome.Store),
        _ => TypedResults.Problem("The store kept changing while this request was applied; try again.",
            statusCode: StatusCodes.Status409Conflict, title: "Concurrent changes"),
    };

    private static IResult PreconditionFailed(HttpResponse response, StoreDocument current)
    {
        response.Headers.ETag = Precondition.ETagOf(current);
        return TypedResults.Problem(
            $"The store has changed since you read it: its version is now {current.Version}. Read it again and reapply your change.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Stale version");
    }
}
