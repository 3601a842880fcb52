using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StoreAlerts.ServiceDefaults.Authentication;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// <c>/api/store-alerts</c>: alerts are read-only; the only command is asking for a Failed email to be sent again.
/// </summary>
public static class StoreAlertsApi
{
    public static IEndpointRouteBuilder MapStoreAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/store-alerts").WithTags("StoreAlerts").RequireAuthorization(Roles.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapPost("/{id:long}/resend", ResendAsync).RequireAuthorization(Roles.Admin);
        api.MapGet("/stream", AlertStream.StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<List<StoreAlertResponse>>, ValidationProblem>> ListAsync(
        HttpContext context, AlertDbContext db, CancellationToken cancellationToken)
    {
        var (query, errors) = AlertListQuery.Parse(context.Request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var alerts = db.StoreAlerts.AsNoTracking();
        if (query.StoreName is { } name)
        {
            alerts = alerts.Where(a => EF.Functions.ILike(a.StoreName, "%" + EscapeLike(name) + "%", "\\"));
        }

        if (query.Status is { } status)
        {
            alerts = alerts.Where(a => a.StoreStatus == status);
        }

        var total = await alerts.LongCountAsync(cancellationToken);
        var page = await Sort(alerts, query).Skip(query.Offset).Take(query.Size).ToListAsync(cancellationToken);
        PaginationHeaders.Add(context, query.Page, query.Size, total);
        return TypedResults.Ok(page.Select(StoreAlertResponse.From).ToList());
    }

    private static async Task<Results<Ok<StoreAlertResponse>, ProblemHttpResult>> GetAsync(long id, AlertDbContext db, CancellationToken cancellationToken) =>
        await db.StoreAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } alert
            ? TypedResults.Ok(StoreAlertResponse.From(alert))
            : NotFound(id);

    private static async Task<Results<Accepted, ProblemHttpResult>> ResendAsync(
        long id, NotificationLedger ledger, WakeUpSignal signal, CancellationToken cancellationToken)
    {
        var before = await ledger.RequeueFailedAsync(id, cancellationToken);
        if (before == NotificationStatus.Failed)
        {
            signal.Notify();
            return TypedResults.Accepted($"/api/store-alerts/{id}");
        }

        return before is not { } current
            ? NotFound(id)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a failed email can be sent again.",
                detail: $"The email of alert {id} is {current}.", extensions: new Dictionary<string, object?> { ["notificationStatus"] = current.ToString() });
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Store alert not found.", detail: $"There is no store alert {id}.");

    private static IQueryable<StoreAlert> Sort(IQueryable<StoreAlert> alerts, AlertListQuery query)
    {
        var sorted = query.SortField switch
        {
            "id" => query.Descending ? alerts.OrderByDescending(a => a.Id) : alerts.OrderBy(a => a.Id),
            "receivedAt" => query.Descending ? alerts.OrderByDescending(a => a.ReceivedAt) : alerts.OrderBy(a => a.ReceivedAt),
            "storeName" => query.Descending ? alerts.OrderByDescending(a => a.StoreName) : alerts.OrderBy(a => a.StoreName),
            "storeStatus" => query.Descending ? alerts.OrderByDescending(a => a.StoreStatus) : alerts.OrderBy(a => a.StoreStatus),
            _ => query.Descending ? alerts.OrderByDescending(a => a.OccurredAt) : alerts.OrderBy(a => a.OccurredAt),
        };
        // A stable tie-breaker, so a row never shows on two pages.
        return query.Descending ? sorted.ThenByDescending(a => a.Id) : sorted.ThenBy(a => a.Id);
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
