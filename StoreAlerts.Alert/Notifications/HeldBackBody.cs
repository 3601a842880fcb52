using MimeKit;
using MimeKit.IO;

namespace StoreAlerts.Alert.Notifications;

/// <summary>
/// An email body whose end waits for a task. An SMTP server accepts a message only once it has the end of its data, so
/// the next email's envelope can travel while the previous email's outcome is being committed, and the server still
/// accepts it only after that commit (ADR-012): a crash leaves at most one email accepted but not recorded.
/// </summary>
public sealed class HeldBackBody : MultipartAlternative
{
    private readonly Task _release;

    private HeldBackBody(Multipart body, Task release)
    {
        foreach (var part in body)
        {
            Add(part);
        }

        _release = release;
    }

    /// <summary>
    /// The message, its body's end held back until <paramref name="release"/> completes; if that fails, the body throws
    /// <see cref="EmailHeldBackException"/> instead of ending, and the server never accepts the message.
    /// </summary>
    public static MimeMessage Until(MimeMessage message, Task release)
    {
        if (!release.IsCompletedSuccessfully)
        {
            message.Body = new HeldBackBody(message.Body as Multipart
                ?? throw new InvalidOperationException("Only a multipart body can be held back."), release);
        }

        return message;
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        await base.WriteToAsync(options, stream, contentOnly, cancellationToken);
        // MailKit also writes the message once to measure it (SIZE, BDAT), before the transaction: only the real write waits.
        if (stream is MeasuringStream)
        {
            return;
        }

        try
        {
            await _release.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new EmailHeldBackException(e);
        }
    }
}

/// <summary>The email was not sent: what it waited for (the previous email's commit) failed.</summary>
public sealed class EmailHeldBackException(Exception cause)
    : Exception($"The email was held back and not sent: {cause.Message}", cause);
