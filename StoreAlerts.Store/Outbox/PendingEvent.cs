namespace StoreAlerts.Store.Outbox;

/// <summary>
/// An event written with the store change, waiting for the relay. It keeps the serialized payload
/// (what was decided at write time is what gets published) and the trace context of the HTTP request,
/// because the relay publishes later, on another thread.
/// </summary>
public sealed class PendingEvent
{
    public Guid EventId { get; set; }
    public string Payload { get; set; } = "";
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTime OccurredAt { get; set; }
}
