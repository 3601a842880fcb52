namespace StoreAlerts.Alert.Alerts;

/// <summary>One store-alert event as received, with the state of its email notification.</summary>
public sealed class StoreAlert
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public string? StoreId { get; set; }
    public required string StoreName { get; set; }
    public string? StoreAddress { get; set; }
    public required string StoreStatus { get; set; }
    public string? PreviousStatus { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The user who made the change, from the event's <c>changedBy</c>; null when the event names none.</summary>
    public string? ChangedBy { get; set; }

    // Where the record came from, for tracing an alert back to Kafka.
    public required string SourceTopic { get; set; }
    public int SourcePartition { get; set; }
    public long SourceOffset { get; set; }

    /// <summary>The W3C <c>traceparent</c> of the event's processing: the email, sent later, joins the edit's trace with it.</summary>
    public string? TraceParent { get; set; }

    public NotificationStatus NotificationStatus { get; set; } = NotificationStatus.Pending;
    public int NotificationAttempts { get; set; }
    public string? NotificationLastError { get; set; }
    public DateTimeOffset? NotificationSentAt { get; set; }
    public DateTimeOffset NotificationNextAttemptAt { get; set; }
}

public enum NotificationStatus { Pending, Sent, Failed }
