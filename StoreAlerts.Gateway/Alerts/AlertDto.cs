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
    NotificationDto Notification);

public sealed record NotificationDto(string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);
