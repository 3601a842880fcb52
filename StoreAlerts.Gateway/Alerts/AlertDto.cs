namespace StoreAlerts.Gateway.Alerts;

/// <summary>A store alert as <c>/api/store-alerts</c> returns it.</summary>
public sealed record AlertDto(
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
    NotificationDto Notification)
{
    /// <summary>"closed by admin", "opened by ana", or "changed by bob" for an edit that kept the status; null without a user.</summary>
    public string? ByWhom => ChangedBy is null ? null
        : $"{(PreviousStatus == StoreStatus ? "changed" : StoreStatus == "CLOSED" ? "closed" : "opened")} by {ChangedBy}";
}

public sealed record NotificationDto(string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);
