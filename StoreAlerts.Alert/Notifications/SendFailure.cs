using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace StoreAlerts.Alert.Notifications;

public enum FailureKind
{
    /// <summary>The server could not be reached at all: nobody's fault but the server's, no attempt is counted.</summary>
    Unreachable,
    /// <summary>Worth another try later (4xx reply, connection lost mid-send, timeout).</summary>
    Transient,
    /// <summary>Will not succeed by retrying (5xx reply, authentication refused, a message the server rejects).</summary>
    Permanent,
}

public static class SendFailure
{
    public static FailureKind Classify(Exception error) => error switch
    {
        SmtpCommandException e when (int)e.StatusCode is >= 400 and < 500 => FailureKind.Transient,
        SmtpCommandException => FailureKind.Permanent,
        AuthenticationException or ServiceNotAuthenticatedException => FailureKind.Permanent,
        SmtpProtocolException or ServiceNotConnectedException or IOException or TimeoutException or OperationCanceledException => FailureKind.Transient,
        SocketException => FailureKind.Transient,
        _ => FailureKind.Permanent,
    };

    public static string Describe(Exception error) => error switch
    {
        SmtpCommandException e => $"SMTP {(int)e.StatusCode} ({e.ErrorCode}): {e.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}

/// <summary>The SMTP server could not be reached; carries the cause for the health check and the log.</summary>
public sealed class SmtpUnreachableException(string message, Exception inner) : Exception(message, inner);
