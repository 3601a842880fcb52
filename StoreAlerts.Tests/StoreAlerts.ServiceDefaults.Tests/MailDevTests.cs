using MailKit.Net.Smtp;
using MimeKit;
using StoreAlerts.Testing;

namespace StoreAlerts.ServiceDefaults.Tests;

public sealed class MailDevTests(MailDevServer mailDev)
{
    [Fact]
    public async Task Email_sent_over_the_connection_string_is_read_back_from_the_api()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = new Uri(mailDev.ConnectionString["Endpoint=".Length..]);
        var id = Guid.NewGuid().ToString();
        var message = new MimeMessage
        {
            Subject = $"Proof {id}",
            Body = new TextPart("plain") { Text = "It arrived." },
        };
        message.From.Add(MailboxAddress.Parse("alerts@storealerts.test"));
        message.To.Add(MailboxAddress.Parse("managers@storealerts.test"));
        message.Headers.Add("X-StoreAlert-EventId", id);

        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync(endpoint.Host, endpoint.Port, MailKit.Security.SecureSocketOptions.None, ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(true, ct);
        }

        var emails = await mailDev.WaitForEmailsAsync(e => e.GetProperty("subject").GetString() == $"Proof {id}", 1, TimeSpan.FromSeconds(10));
        var email = Assert.Single(emails);
        Assert.Equal("managers@storealerts.test", email.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal(id, email.GetProperty("headers").GetProperty("x-storealert-eventid").GetString());
        Assert.Contains("It arrived.", email.GetProperty("text").GetString());
    }
}
