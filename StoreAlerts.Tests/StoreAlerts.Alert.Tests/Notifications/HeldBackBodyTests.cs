using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using StoreAlerts.Alert.Notifications;
using StoreAlerts.Testing;

namespace StoreAlerts.Alert.Tests;

/// <summary>The dispatcher's overlap of a commit with the next email is safe only if the server cannot accept that email sooner.</summary>
public sealed class HeldBackBodyTests(MailDevServer mailDev)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_accepts_a_held_back_email_only_once_it_is_released()
    {
        using var smtp = await ConnectAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = Email();

        var sending = smtp.SendAsync(HeldBackBody.Until(message, release.Task), Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        Assert.False(sending.IsCompleted);
        Assert.Empty(await EmailsWithIdAsync(message.MessageId));
        release.SetResult();
        await sending;
        await mailDev.WaitForEmailsAsync(e => HasId(e, message.MessageId), 1, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_failed_release_sends_nothing_and_the_next_email_goes_out()
    {
        using var smtp = await ConnectAsync();
        var held = Email();

        var error = await Assert.ThrowsAsync<EmailHeldBackException>(() =>
            smtp.SendAsync(HeldBackBody.Until(held, Task.FromException(new InvalidOperationException("the commit failed"))), Cancel));

        Assert.Contains("the commit failed", error.Message);
        using var next = await ConnectAsync();
        var after = Email();
        await next.SendAsync(HeldBackBody.Until(after, Task.CompletedTask), Cancel);
        await mailDev.WaitForEmailsAsync(e => HasId(e, after.MessageId), 1, TimeSpan.FromSeconds(20));
        Assert.Empty(await EmailsWithIdAsync(held.MessageId));
    }

    private async Task<SmtpClient> ConnectAsync()
    {
        var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", mailDev.SmtpPort, SecureSocketOptions.None, Cancel);
        return smtp;
    }

    private static MimeMessage Email()
    {
        var message = new MimeMessage { Subject = "Held back", MessageId = $"{Guid.NewGuid():N}@storealerts" };
        message.From.Add(MailboxAddress.Parse("alerts@storealerts.local"));
        message.To.Add(MailboxAddress.Parse("store-managers@storealerts.local"));
        message.Body = new BodyBuilder { TextBody = "text", HtmlBody = "<p>html</p>" }.ToMessageBody();
        return message;
    }

    private async Task<List<System.Text.Json.JsonElement>> EmailsWithIdAsync(string? id) =>
        (await mailDev.GetEmailsAsync(Cancel)).Where(e => HasId(e, id)).ToList();

    private static bool HasId(System.Text.Json.JsonElement email, string? id) => ConsumerTests.HeaderOf(email, "message-id") == $"<{id}>";
}
