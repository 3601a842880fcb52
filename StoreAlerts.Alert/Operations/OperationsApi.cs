using Microsoft.AspNetCore.Http.HttpResults;
using StoreAlerts.Alert.Alerts;
using StoreAlerts.ServiceDefaults.Authentication;
using StoreAlerts.ServiceDefaults.Background;

namespace StoreAlerts.Alert.Operations;

/// <summary>
/// <c>/api/operations</c>: what an operator runs from the dashboard's <c>alert</c> resource (the AppHost's commands call
/// these routes). All in one group, under the <c>admin</c> policy (the commands bring the service client's token); the gateway does not route them. Each is safe to run
/// twice and says what it did.
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").WithTags("Operations").RequireAuthorization(Roles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/replay-dead-letters", ReplayDeadLettersAsync);
        api.MapPost("/resend-failed-emails", ResendFailedEmailsAsync);
        return app;
    }

    private static async Task<Ok<OperationReport>> ReplayDeadLettersAsync(DeadLetterReplay replay, CancellationToken cancellationToken)
    {
        var copied = await replay.ReplayAsync(cancellationToken);
        return TypedResults.Ok(new OperationReport(copied,
            copied == 0 ? "No dead letter to replay." : $"{copied} dead letter(s) copied back to be processed again."));
    }

    private static async Task<Ok<OperationReport>> ResendFailedEmailsAsync(NotificationLedger ledger, WakeUpSignal signal, CancellationToken cancellationToken)
    {
        var requeued = await ledger.RequeueAllFailedAsync(cancellationToken);
        if (requeued > 0)
        {
            signal.Notify();
        }

        return TypedResults.Ok(new OperationReport(requeued,
            requeued == 0 ? "No failed email to send again." : $"{requeued} failed email(s) queued to be sent again."));
    }
}

/// <summary>What an operation did: how many items it acted on, in a sentence for the dashboard.</summary>
public sealed record OperationReport(int Count, string Message);
