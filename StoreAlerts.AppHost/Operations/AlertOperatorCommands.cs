using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using StoreAlerts.AppHost.Infrastructure;

namespace StoreAlerts.AppHost.Operations;

/// <summary>
/// The <c>alert</c> resource's commands on the dashboard (its ⋯ menu). Each calls the Alert's <c>/api/operations</c> and
/// shows the sentence the service answers; the operations are safe to run twice and, with several replicas, act once.
/// They are admin operations: each call carries a token of the <c>storealerts-service</c> client (client credentials).
/// </summary>
public static class AlertOperatorCommands
{
    public const string ReplayDeadLetters = "replay-dead-letters";
    public const string ResendFailedEmails = "resend-failed-emails";

    public const string ServiceClientId = "storealerts-service";

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(this IResourceBuilder<ProjectResource> alert, IdentityProvider identity) => alert
        .WithHttpCommand("/api/operations/replay-dead-letters", "Replay dead letters", endpointName: "http", commandName: ReplayDeadLetters,
            commandOptions: new HttpCommandOptions
            {
                Description = "Copies the records dead-lettered since the last replay from topic_alert.DLT back to topic_alert, once their cause is fixed.",
                ConfirmationMessage = "Copy the dead letters back to topic_alert? Do it once what made them fail is fixed.",
                IconName = "ArrowReply",
                PrepareRequest = context => AuthorizeAsync(context, identity),
                GetCommandResult = ReportAsync,
            })
        .WithHttpCommand("/api/operations/resend-failed-emails", "Resend failed emails", endpointName: "http", commandName: ResendFailedEmails,
            commandOptions: new HttpCommandOptions
            {
                Description = "Puts every Failed alert email back to Pending; the dispatcher sends each once.",
                IconName = "MailArrowUp",
                PrepareRequest = context => AuthorizeAsync(context, identity),
                GetCommandResult = ReportAsync,
            });

    /// <summary>Finds the provider's token endpoint (discovery at its internal address) and asks it for a client-credentials token.</summary>
    private static async Task AuthorizeAsync(HttpCommandRequestContext context, IdentityProvider identity)
    {
        if (identity.ServiceClientSecret is null)
        {
            throw new InvalidOperationException(
                "With an external identity provider the operator commands have no client to sign in as; call the Alert's /api/operations with an admin token.");
        }

        var cancellationToken = context.CancellationToken;
        var discovery = await context.HttpClient.GetFromJsonAsync<JsonElement>(await identity.DiscoveryDocument.GetValueAsync(cancellationToken), cancellationToken);
        using var response = await context.HttpClient.PostAsync(discovery.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = ServiceClientId,
                ["client_secret"] = (await identity.ServiceClientSecret.Resource.GetValueAsync(cancellationToken))!,
            }), cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString();
        context.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static async Task<ExecuteCommandResult> ReportAsync(HttpCommandResultContext context)
    {
        if (!context.Response.IsSuccessStatusCode)
        {
            return CommandResults.Failure($"The alert service answered {(int)context.Response.StatusCode} {context.Response.ReasonPhrase}.");
        }

        var report = await context.Response.Content.ReadFromJsonAsync<JsonElement>(context.CancellationToken);
        return CommandResults.Success(report.GetProperty("message").GetString() ?? "Done.");
    }
}
