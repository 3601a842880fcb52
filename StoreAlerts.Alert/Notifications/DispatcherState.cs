namespace StoreAlerts.Alert.Notifications;

/// <summary>The dispatcher's last outcome, for the <c>smtp</c> health check.</summary>
public sealed class DispatcherState
{
    private volatile string? _lastError;

    public string? LastError => _lastError;
    public void Sent() => _lastError = null;
    public void Failed(string error) => _lastError = error;
}
