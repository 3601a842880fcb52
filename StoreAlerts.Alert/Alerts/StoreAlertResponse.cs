namespace StoreAlerts.Alert.Alerts;

public sealed record StoreAlertResponse(
    long Id,
    string EventId,
    string? StoreId,
    string StoreName,
    string? StoreAddress,
    string StoreStatus,
    string? PreviousStatus,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string? ChangedBy,
    NotificationResponse Notification)
{
    public static StoreAlertResponse From(StoreAlert a) => new(a.Id, a.EventId, a.StoreId, a.StoreName, a.StoreAddress,
        a.StoreStatus, a.PreviousStatus, a.OccurredAt, a.ReceivedAt, a.ChangedBy,
        new NotificationResponse(a.NotificationStatus.ToString(), a.NotificationAttempts, a.NotificationLastError, a.NotificationSentAt));
}

public sealed record NotificationResponse(string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);
