using StoreAlerts.ServiceDefaults.Authentication;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// <c>POST /api/stores</c>: 201 with <c>Location</c>. The server sets id, timestamps, version and <c>createdBy</c>
/// (the signed-in user); an id or an author in the body is a 400.
/// </summary>
public static class CreateStore
{
    public static async Task<IResult> HandleAsync(HttpRequest request, StoreWrites writes, CancellationToken cancellationToken)
    {
        var (body, problem) = await StoreBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var validation = new StoreValidation();
        var fields = validation.Fields(body);
        validation.ServerSetAuthors(body);
        if (body.Get("id") is not null)
        {
            validation.Add("id", "A new store cannot already have an id.");
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var store = await writes.CreateAsync(fields, request.HttpContext.User.UserName(), cancellationToken);
        request.HttpContext.Response.Headers.ETag = Precondition.ETagOf(store);
        return TypedResults.Created($"/api/stores/{store.Id}", StoreResponse.From(store));
    }
}
