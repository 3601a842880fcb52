using Microsoft.AspNetCore.Diagnostics;

namespace StoreAlerts.Store.Persistence;

/// <summary>
/// A store whose outbox is full refuses changes with <c>503</c> and <c>Retry-After</c>: the request was valid and nothing
/// changed; it succeeds once Kafka takes the waiting events.
/// </summary>
internal sealed class PendingEventsLimitHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PendingEventsLimitException full)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Too many unpublished events",
                Detail = full.Message,
            },
        });
    }
}
