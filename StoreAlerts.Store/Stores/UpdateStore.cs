using StoreAlerts.ServiceDefaults.Authentication;

namespace StoreAlerts.Store.Stores;

/// <summary><c>PUT /api/stores/{id}</c>: replaces name, address and status (an absent status clears it); publishes an event.</summary>
public static class UpdateStore
{
    public static async Task<IResult> HandleAsync(string id, HttpRequest request, StoreWrites writes, CancellationToken cancellationToken)
    {
        var (body, problem) = await StoreBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var validation = new StoreValidation();
        var fields = validation.Fields(body);
        var bodyVersion = validation.Version(body.Get("version"));
        validation.ServerSetAuthors(body);
        CheckBodyId(body, id, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var precondition = Precondition.From(request.Headers.IfMatch, bodyVersion);
        var outcome = await writes.UpdateAsync(id, precondition, _ => fields, request.HttpContext.User.UserName(), cancellationToken);
        return StoreResults.Outcome(request.HttpContext.Response, id, outcome);
    }

    public static void CheckBodyId(StoreBody body, string routeId, StoreValidation validation)
    {
        if (body.Get("id") is { } bodyId && (bodyId.ValueKind != System.Text.Json.JsonValueKind.String || bodyId.GetString() != routeId))
        {
            validation.Add("id", "Must be the id in the URL (or be left out).");
        }
    }
}
