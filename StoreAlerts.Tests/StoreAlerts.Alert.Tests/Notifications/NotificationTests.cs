using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StoreAlerts.Alert.Notifications;

namespace StoreAlerts.Alert.Tests;

public sealed class NotificationTests
{
    [Theory]
    [InlineData(SmtpStatusCode.MailboxBusy, FailureKind.Transient)]
    [InlineData(SmtpStatusCode.InsufficientStorage, FailureKind.Transient)]
    [InlineData(SmtpStatusCode.MailboxUnavailable, FailureKind.Permanent)]
    [InlineData(SmtpStatusCode.TransactionFailed, FailureKind.Permanent)]
    public void Smtp_replies_4xx_are_transient_and_5xx_permanent(SmtpStatusCode status, FailureKind expected) =>
        Assert.Equal(expected, SendFailure.Classify(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, status, "reply")));

    [Fact]
    public void IO_errors_are_transient_and_authentication_failures_permanent()
    {
        Assert.Equal(FailureKind.Transient, SendFailure.Classify(new IOException("connection reset")));
        Assert.Equal(FailureKind.Transient, SendFailure.Classify(new SocketException((int)SocketError.ConnectionReset)));
        Assert.Equal(FailureKind.Transient, SendFailure.Classify(new TimeoutException()));
        Assert.Equal(FailureKind.Permanent, SendFailure.Classify(new AuthenticationException("535 bad credentials")));
        Assert.Equal(FailureKind.Permanent, SendFailure.Classify(new MailKit.ServiceNotAuthenticatedException("530 authentication required")));
    }

    [Theory]
    [InlineData("Endpoint=smtp://127.0.0.1:1025", "127.0.0.1", 1025, false, null)]
    [InlineData("Endpoint=smtps://mail.example.com;Username=alerts;Password=s3cret", "mail.example.com", 465, true, "alerts")]
    [InlineData("smtp://maildev:1025", "maildev", 1025, false, null)]
    public void Smtp_endpoint_reads_the_connection_string(string connectionString, string host, int port, bool tls, string? user)
    {
        var endpoint = SmtpEndpoint.Parse(connectionString);

        Assert.Equal((host, port, tls, user), (endpoint.Host, endpoint.Port, endpoint.UseTls, endpoint.Username));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Endpoint=http://mail:80")]
    [InlineData("Host=mail")]
    public void Smtp_endpoint_rejects_a_missing_or_wrong_connection_string_naming_the_setting(string? connectionString) =>
        Assert.Contains("ConnectionStrings:maildev", Assert.Throws<InvalidOperationException>(() => SmtpEndpoint.Parse(connectionString)).Message);

    [Fact]
    public void Distribution_list_is_read_from_one_comma_separated_value_or_an_array()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["A:DistributionList"] = "ops@example.com, lead@example.com",
            ["B:DistributionList:0"] = "ops@example.com",
            ["B:DistributionList:1"] = "lead@example.com",
        }).Build();

        Assert.Equal(["ops@example.com", "lead@example.com"], NotificationsExtensions.ReadAddressList(config.GetSection("A:DistributionList")));
        Assert.Equal(["ops@example.com", "lead@example.com"], NotificationsExtensions.ReadAddressList(config.GetSection("B:DistributionList")));
    }

    [Fact]
    public void Options_validation_names_each_bad_setting()
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions
        {
            DistributionList = ["ops@example.com", "not an address"],
            From = "",
            GatewayBaseUrl = "gateway",
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Alert:DistributionList") && f.Contains("'not an address'"));
        Assert.Contains(result.Failures!, f => f.Contains("Alert:From"));
        Assert.Contains(result.Failures!, f => f.Contains("Alert:GatewayBaseUrl"));
    }

    [Fact]
    public void Empty_distribution_list_is_refused_with_how_to_set_it()
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions { From = "alerts@example.com" });

        Assert.Contains(result.Failures!, f => f.Contains("Alert:DistributionList is empty") && f.Contains("comma-separated"));
    }

    [Fact]
    public void Addresses_with_a_display_name_are_accepted()
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions
        {
            DistributionList = ["Store managers <managers@example.com>"],
            From = "StoreAlerts <alerts@storealerts.local>",
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Header_safe_text_has_no_line_breaks()
    {
        Assert.Equal("Zara  Bcc: x", AlertEmailBuilder.HeaderSafe("Zara\r\nBcc: x"));
    }
}
