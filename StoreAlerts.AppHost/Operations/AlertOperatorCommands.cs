using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace StoreAlerts.AppHost.Operations;

/// <summary>
/// The <c>alert</c> resource's commands on the dashboard (its ⋯ menu). Each calls the Alert's <c>/api/operations</c> and
/// shows the sentence the service answers; the operations are safe to run twice and, with several replicas, act once.
/// </summary>
public static class AlertOperatorCommands
{
    public const string ReplayDeadLetters = "replay-dead-letters";
    public const string ResendFailedEmails = "resend-failed-emails";

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(this IResourceBuilder<ProjectResource> alert) => alert
        .WithHttpCommand("/api/operations/replay-dead-letters", "Replay dead letters", endpointName: "http", commandName: ReplayDeadLetters,
            commandOptions: new HttpCommandOptions
            {
                Description = "Copies the records dead-lettered since the last replay from topic_alert.DLT back to topic_alert, once their cause is fixed.",
                ConfirmationMessage = "Copy the dead letters back to topic_alert? Do it once what made them fail is fixed.",
                IconName = "ArrowReply",
                GetCommandResult = ReportAsync,
            })
        .WithHttpCommand("/api/operations/resend-failed-emails", "Resend failed emails", endpointName: "http", commandName: ResendFailedEmails,
            commandOptions: new HttpCommandOptions
            {
                Description = "Puts every Failed alert email back to Pending; the dispatcher sends each once.",
                IconName = "MailArrowUp",
                GetCommandResult = ReportAsync,
            });

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
