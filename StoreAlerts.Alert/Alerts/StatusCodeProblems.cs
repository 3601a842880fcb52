using Microsoft.AspNetCore.Diagnostics;

namespace StoreAlerts.Alert.Alerts;

/// <summary>
/// A bare error status (no route, wrong method, unsupported media type) becomes a problem document whatever the
/// client's <c>Accept</c> says: the default status-code page falls back to plain text for <c>Accept: text/html</c>.
/// </summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context) =>
        Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext);
}
