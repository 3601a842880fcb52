using StoreAlerts.ServiceDefaults.Authentication;

namespace StoreAlerts.Store.Stores;

/// <summary>
/// <c>PATCH /api/stores/{id}</c> as a JSON merge patch (RFC 7396): members left out keep their value,
/// <c>"status": null</c> clears the status, and a null name or address is a 400. Publishes an event.
/// Other media types are turned away with a 415 by routing (the endpoint's <c>Accepts</c> metadata).
/// </summary>
public static class PatchStore
{
    public const string MergePatchMediaType = "application/merge-patch+json";

    public static async Task<IResult> HandleAsync(string id, HttpRequest request, StoreWrites writes, CancellationToken cancellationToken)
    {
        var (body, problem) = await StoreBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var validation = new StoreValidation();
        var name = body.Has("name") ? validation.Name(body.Get("name")) : null;
        var address = body.Has("address") ? validation.Address(body.Get("address")) : null;
        var status = validation.Status(body.Get("status"));
        var bodyVersion = validation.Version(body.Get("version"));
        validation.ServerSetAuthors(body);
        UpdateStore.CheckBodyId(body, id, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var precondition = Precondition.From(request.Headers.IfMatch, bodyVersion);
        var outcome = await writes.UpdateAsync(id, precondition, current => new StoreFields(
            name ?? current.Name,
            address ?? current.Address,
            body.Has("status") ? status : current.Status), request.HttpContext.User.UserName(), cancellationToken);
        return StoreResults.Outcome(request.HttpContext.Response, id, outcome);
    }
}
